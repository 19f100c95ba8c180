/**
 * Rights requests from the privacy center (PIPL Arts. 44–50): a signed-in subject files one without a
 * second code (the sign-in code already proved control of the contact, GB/T 35273-2020 §8.7 a), follows
 * its status and due date, and downloads the export of a completed access, copy or portability request.
 */
import { DomainError, isRequestType, type RequestType, renderRequesterNotice } from "@pipguard/core";
import type { AppContext } from "../context.js";
import { PACKAGE_PLACE } from "../requests/exports.js";
import { insertReceivedRequest } from "../requests/intake.js";
import { enqueueMessage } from "../requests/outbox.js";
import { RequestRepo } from "../requests/request-repo.js";
import { moveRequest, SYSTEM } from "../requests/transitions.js";
import { CONTACT_PLACE, type RequestSummary, toSummary } from "../requests/views.js";

/** Requests one subject may file per rolling hour from the privacy center. */
export const REQUESTS_PER_SUBJECT_HOUR = 10;
const MAX_DETAILS = 2000;

/** A request on the subject's list, and whether an export can be downloaded. */
export interface SubjectRequest extends RequestSummary {
  hasExport: boolean;
  forChild: boolean;
}

/**
 * Files a request for `subjectId` by `actorId` (the subject, or their guardian) with the contact the
 * actor signed in with; it starts in progress because the sign-in code verified that contact.
 */
export async function fileRequest(
  ctx: AppContext,
  input: { subjectId: string; actorId: string; contact: { channel: "email" | "sms"; contact: string }; type: string; details?: string | undefined },
): Promise<{ id: string; dueOn: string }> {
  if (!isRequestType(input.type)) throw new DomainError("VALIDATION_FAILED", "choose a request type", { field: "type" });
  const type: RequestType = input.type;
  const details = input.details?.trim().slice(0, MAX_DETAILS);
  const repo = new RequestRepo(ctx.db);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const bucket = `pc:file:${input.actorId}`;
  if ((await repo.rateCount(bucket, new Date(now.getTime() - 3_600_000).toISOString())) >= REQUESTS_PER_SUBJECT_HOUR) {
    throw new DomainError("RATE_LIMITED", "too many requests; try again later");
  }
  const id = ctx.ids.next();
  let dueOn = "";
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.rateHit(ctx.ids.next(), bucket, iso, trx);
    dueOn = await insertReceivedRequest(ctx, trx, { id, type, channel: input.contact.channel, contact: input.contact.contact, details });
    await trx
      .insertInto("subject_request_links")
      .values({ request_id: id, subject_id: input.subjectId, filed_by_subject_id: input.actorId, created_at: iso })
      .execute();
    const row = await repo.find(id, trx);
    if (!row) throw new DomainError("CONFLICT", "the request vanished");
    const how =
      input.actorId === input.subjectId
        ? "privacy center: signed in with a one-time code"
        : "privacy center: filed by the subject's recorded guardian (PIPL Art. 31), signed in with a one-time code";
    await moveRequest(ctx, trx, row, "identity_verification", SYSTEM, { note: how });
    await moveRequest(ctx, trx, row, "in_progress", { kind: "requester", id: null });
    const msg = renderRequesterNotice({ kind: "accepted", requestId: id, type, due: row.due_on });
    await enqueueMessage(ctx, { requestId: id, channel: input.contact.channel, to: input.contact.contact, ...msg, dedupeKey: `accepted:${id}` }, trx);
  });
  return { id, dueOn };
}

/** Blind indexes of the contacts a subject registered, as rights requests index them. */
async function contactIndexes(ctx: AppContext, subjectId: string): Promise<string[]> {
  const ids = await ctx.db.kysely.selectFrom("subject_identities").select(["type", "value_ciphertext"]).where("subject_id", "=", subjectId).execute();
  const out: string[] = [];
  for (const i of ids) {
    if (i.type !== "mobile" && i.type !== "email") continue;
    const value = ctx.keyring.decrypt(i.value_ciphertext, `subject_identities.${i.type}`);
    out.push(ctx.keyring.blindIndex(`${i.type === "email" ? "email" : "sms"}:${value}`, CONTACT_PLACE));
  }
  return out;
}

/**
 * The requests about a subject, newest first: those filed for them in the privacy center and, for the
 * subject themself, those filed through public intake from a contact they registered.
 */
export async function subjectRequests(ctx: AppContext, subjectId: string, signedIn: string): Promise<SubjectRequest[]> {
  const indexes = subjectId === signedIn ? await contactIndexes(ctx, subjectId) : [];
  const now = ctx.clock.now().toISOString();
  const q = ctx.db.kysely;
  // Two indexed look-ups for the ids (an OR across the join would scan every request), then one read.
  const linked = await q.selectFrom("subject_request_links").select("request_id").where("subject_id", "=", subjectId).execute();
  const byContact = indexes.length ? await q.selectFrom("rights_requests").select("id").where("contact_index", "in", indexes).execute() : [];
  const ids = [...new Set([...linked.map((l) => l.request_id), ...byContact.map((r) => r.id)])];
  if (ids.length === 0) return [];
  const found = await q
    .selectFrom("rights_requests as r")
    .leftJoin("subject_request_links as l", "l.request_id", "r.id")
    .selectAll("r")
    .select(["l.filed_by_subject_id as filed_by", "l.subject_id as linked_to"])
    .select((eb) =>
      eb.exists(eb.selectFrom("request_exports as x").select("x.id").whereRef("x.request_id", "=", "r.id").where("x.expires_at", ">", now)).as("has_export"),
    )
    .where("r.id", "in", ids)
    .orderBy("r.received_at", "desc")
    .limit(200)
    .execute();
  // A child's request filed from the guardian's contact stays on the child's list only.
  const rows = found.filter((r) => r.linked_to === null || r.linked_to === subjectId);
  return rows.map(({ filed_by, has_export, linked_to: _l, ...r }) => ({
    ...toSummary(ctx, r),
    hasExport: Boolean(has_export),
    forChild: filed_by !== null && filed_by !== subjectId,
  }));
}

/** The export package of one of the subject's requests (NOT_FOUND when it is not theirs, or expired). */
export async function subjectExport(ctx: AppContext, subjectId: string, signedIn: string, requestId: string): Promise<Uint8Array> {
  const own = (await subjectRequests(ctx, subjectId, signedIn)).some((r) => r.id === requestId && r.hasExport);
  if (!own) throw new DomainError("NOT_FOUND", "no export for this request");
  const row = await ctx.db.kysely
    .selectFrom("request_exports")
    .selectAll()
    .where("request_id", "=", requestId)
    .where("expires_at", ">", ctx.clock.now().toISOString())
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!row) throw new DomainError("NOT_FOUND", "no export for this request");
  await ctx.db.kysely
    .updateTable("request_exports")
    .set({ downloads: row.downloads + 1 })
    .where("id", "=", row.id)
    .execute();
  return new Uint8Array(Buffer.from(ctx.keyring.decrypt(row.package_ciphertext, PACKAGE_PLACE), "base64"));
}
