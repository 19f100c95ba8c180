import { type ActorKind, checkTransition, DomainError, type RequestStatus, type RequestType } from "@pipguard/core";
import type { Kysely } from "kysely";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";
import type { RequestRow } from "./request-repo.js";
import { NOTE_PLACE } from "./views.js";

/** Who did something: the kind of actor and, for staff, the user id (or `key:<id>` for an API key). */
export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export const SYSTEM: Actor = { kind: "system", id: null };

/** One audit-trail entry to add. */
export interface EventInput {
  requestId: string;
  kind: "transition" | "assignment" | "note" | "extension" | "reminder" | "overdue" | "fulfilment" | "correction";
  from?: string | null;
  to?: string | null;
  actor: Actor;
  note?: string | null;
}

/** Adds an audit-trail entry; a note is encrypted (it may carry what a requester said). */
export async function recordEvent(ctx: AppContext, trx: Kysely<Database>, e: EventInput): Promise<void> {
  await trx
    .insertInto("request_events")
    .values({
      id: ctx.ids.next(),
      request_id: e.requestId,
      kind: e.kind,
      from_status: e.from ?? null,
      to_status: e.to ?? null,
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      note_ciphertext: e.note ? ctx.keyring.encrypt(e.note, NOTE_PLACE) : null,
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
}

/**
 * Moves a request through the state machine inside `trx`: checks the move (core rules), updates the
 * row only if it is still in `from` (two staff racing cannot both win) and writes the audit entry.
 */
export async function moveRequest(
  ctx: AppContext,
  trx: Kysely<Database>,
  row: RequestRow,
  to: RequestStatus,
  actor: Actor,
  opts: { reason?: string; note?: string } = {},
): Promise<void> {
  const from = row.status as RequestStatus;
  const checked = checkTransition({
    from,
    to,
    actor: actor.kind,
    type: row.type as RequestType,
    deceasedRelative: row.deceased_relative === 1,
    ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
    ...(opts.note !== undefined ? { note: opts.note } : {}),
  });
  const now = ctx.clock.now().toISOString();
  const closing = to === "completed" || to === "refused" || to === "cancelled";
  const r = await trx
    .updateTable("rights_requests")
    .set({
      status: to,
      updated_at: now,
      ...(closing ? { closed_at: now } : {}),
      ...(checked.reason ? { refusal_reason: checked.reason } : {}),
      ...(to === "in_progress" ? { verified_at: now } : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", from)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError("CONFLICT", "the request changed meanwhile; reload it");
  await recordEvent(ctx, trx, { requestId: row.id, kind: "transition", from, to, actor, note: opts.note ?? null });
  row.status = to;
}
