import type { RequestStatus, RequestType } from "@pipguard/core";
import type { AppContext } from "../context.js";
import type { EventRow, RequestRow } from "./request-repo.js";
import type { RunView } from "./request-runs.js";

export const CONTACT_PLACE = "rights_requests.contact";
export const DETAILS_PLACE = "rights_requests.details";
export const NOTE_PLACE = "request_events.note";

/** A request as staff see it in lists: no contact, no free text. */
export interface RequestSummary {
  id: string;
  type: RequestType;
  status: RequestStatus;
  deceasedRelative: boolean;
  channel: "email" | "sms";
  receivedAt: string;
  dueOn: string;
  dueProvisional: boolean;
  extendedDays: number;
  workingDaysLeft: number;
  isOverdue: boolean;
  assigneeId: string | null;
  refusalReason: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
}

/** One entry of the audit trail. */
export interface RequestEvent {
  id: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorKind: string;
  actorId: string | null;
  note: string | null;
  at: string;
}

/** The full request for the staff member handling it (contact and details decrypted). */
export interface RequestDetail extends RequestSummary {
  contact: string;
  details: string | null;
  events: RequestEvent[];
  extensions: { workingDays: number; reason: string; previousDue: string; newDue: string; actorId: string | null; at: string }[];
  /** When the deadline job reminds staff (5 and 2 working days left), whether it has, and any overdue escalation. */
  reminders: { fiveDaysLeftOn: string; twoDaysLeftOn: string; fiveDaysLeftSent: boolean; twoDaysLeftSent: boolean; overdueEscalatedAt: string | null };
  /** Fulfilment runs (requests.run jobs) with their progress store by store. */
  runs: RunView[];
}

const OPEN = new Set(["received", "identity_verification", "in_progress"]);

/** Maps a row to its summary, with the deadline state on today's date. */
export function toSummary(ctx: AppContext, row: RequestRow): RequestSummary {
  const today = ctx.calendar.today();
  const open = OPEN.has(row.status);
  const isOverdue = open && today > row.due_on;
  const left = !open || isOverdue ? 0 : ctx.calendar.workingDaysBetween(today, row.due_on).workingDays;
  return {
    id: row.id,
    type: row.type as RequestType,
    status: row.status as RequestStatus,
    deceasedRelative: row.deceased_relative === 1,
    channel: row.channel as "email" | "sms",
    receivedAt: row.received_at,
    dueOn: row.due_on,
    dueProvisional: row.due_provisional === 1,
    extendedDays: row.extended_days,
    workingDaysLeft: left,
    isOverdue,
    assigneeId: row.assignee_id,
    refusalReason: row.refusal_reason,
    verifiedAt: row.verified_at,
    closedAt: row.closed_at,
  };
}

/** Maps an event row, decrypting its note. */
export function toEvent(ctx: AppContext, e: EventRow): RequestEvent {
  return {
    id: e.id,
    kind: e.kind,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actorKind: e.actor_kind,
    actorId: e.actor_id,
    note: e.note_ciphertext ? ctx.keyring.decrypt(e.note_ciphertext, NOTE_PLACE) : null,
    at: e.created_at,
  };
}
