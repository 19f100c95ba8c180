import { DomainError } from "../errors.js";
import { type ActorKind, type RefusalReasonCode, type RequestStatus, type RequestType, refusalReason, TERMINAL_STATUSES } from "./types.js";

/** One allowed move of the state machine and who may make it. */
export interface TransitionRule {
  from: RequestStatus;
  to: RequestStatus;
  by: readonly ActorKind[];
  /** Why this move exists. */
  why: string;
}

/**
 * The workflow: received → identity_verification → in_progress → completed | refused | cancelled.
 * PIPL Art. 50: the operator sets up a convenient mechanism to accept and handle requests and gives
 * reasons when it refuses; the requester may withdraw (cancel) at any time before completion.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: "received", to: "identity_verification", by: ["system", "staff"], why: "a one-time code was sent to the contact the requester gave" },
  { from: "received", to: "refused", by: ["staff"], why: "PIPL Art. 50: refused with a stated reason" },
  { from: "received", to: "cancelled", by: ["requester", "staff"], why: "the requester withdrew the request" },
  { from: "identity_verification", to: "in_progress", by: ["requester", "staff"], why: "the code was confirmed, or staff verified identity by other means" },
  { from: "identity_verification", to: "refused", by: ["staff", "system"], why: "identity could not be verified (GB/T 35273-2020 §8.7 a)" },
  { from: "identity_verification", to: "cancelled", by: ["requester", "staff"], why: "the requester withdrew the request" },
  { from: "in_progress", to: "completed", by: ["staff", "system"], why: "fulfilled; the requester is told the result" },
  { from: "in_progress", to: "refused", by: ["staff"], why: "PIPL Art. 50: refused with a stated reason" },
  { from: "in_progress", to: "cancelled", by: ["requester", "staff"], why: "the requester withdrew the request" },
];

/** The moves an actor may make from a state (empty for terminal states). */
export function allowedTransitions(from: RequestStatus, actor: ActorKind): RequestStatus[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.to);
}

/** What a transition needs besides its endpoints. */
export interface TransitionInput {
  from: RequestStatus;
  to: RequestStatus;
  actor: ActorKind;
  type: RequestType;
  /** Close relative of a deceased person (近亲属, PIPL Art. 49). */
  deceasedRelative?: boolean;
  reason?: string;
  note?: string;
}

/**
 * Checks one move against the state machine; throws REQUEST_TRANSITION_NOT_ALLOWED for a move that
 * is not in the table for this actor, VALIDATION_FAILED for a refusal without a listed reason.
 */
export function checkTransition(t: TransitionInput): { reason?: RefusalReasonCode } {
  if (TERMINAL_STATUSES.has(t.from)) {
    throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", `the request is ${t.from} and cannot change any more`, { from: t.from, to: t.to });
  }
  const rule = TRANSITIONS.find((r) => r.from === t.from && r.to === t.to);
  if (!rule?.by.includes(t.actor)) {
    throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", `a ${t.actor} cannot move a request from ${t.from} to ${t.to}`, { from: t.from, to: t.to });
  }
  if (t.to === "refused") {
    const r = t.reason ? refusalReason(t.reason) : undefined;
    if (!r) throw invalid("reason", "a refusal needs a reason from the list (GET /api/v1/requests/refusal-reasons)");
    // Art. 49 arrangements only concern requests made about a deceased person.
    if (r.code === "deceased_wishes_otherwise" && !t.deceasedRelative) throw invalid("reason", "this reason applies only to a deceased person's relatives");
    return { reason: r.code as RefusalReasonCode };
  }
  if (t.to === "in_progress" && t.actor === "requester" && t.deceasedRelative) {
    // PIPL Art. 49: a code proves the relative's contact, not the death or the relationship.
    throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", "a close relative's request is verified by staff, who check the documents", {
      from: t.from,
      to: t.to,
    });
  }
  if (t.to === "in_progress" && t.actor === "staff" && !t.note?.trim()) {
    // Verifying identity by other means must say how, for the audit trail.
    throw invalid("note", "say how identity was verified");
  }
  return {};
}

/**
 * PIPL Art. 49: close relatives (近亲属) of a deceased person may, for their own lawful and legitimate
 * interests, exercise the rights of access, copy, correction and deletion of Chapter IV.
 */
export const DECEASED_RELATIVE_TYPES: ReadonlySet<RequestType> = new Set(["access", "copy", "correction", "deletion"]);

/** Throws VALIDATION_FAILED when a deceased relative asks for a right Art. 49 does not give them. */
export function checkIntake(input: { type: RequestType; deceasedRelative: boolean }): void {
  if (input.deceasedRelative && !DECEASED_RELATIVE_TYPES.has(input.type)) {
    throw invalid("type", "PIPL Art. 49: a close relative may ask for access, copy, correction or deletion of a deceased person's data");
  }
}

function invalid(path: string, message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", message, { issues: [{ path, code: "invalid", message }] });
}
