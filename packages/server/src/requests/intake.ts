import { randomInt, timingSafeEqual } from "node:crypto";
import { type ContactChannel, checkIntake, DomainError, dueDateFor, type RequestType, renderRequesterNotice } from "@pipguard/core";
import type { Kysely } from "kysely";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";
import { enqueueMessage } from "./outbox.js";
import { RequestRepo } from "./request-repo.js";
import { issueRequesterToken } from "./requester.js";
import { type Actor, moveRequest, recordEvent, SYSTEM } from "./transitions.js";
import { CONTACT_PLACE, DETAILS_PLACE } from "./views.js";

/** GB/T 35273-2020 §8.7 a): verify identity first. The code's rules (the issue's acceptance list). */
export const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
/** Rate limits, per rolling hour. */
export const INTAKE_PER_IP = 10;
export const CODES_PER_IDENTITY = 5;
export const VERIFY_FAILURES_PER_IP = 20;
const HOUR_MS = 3_600_000;

/** What a requester submits. */
export interface IntakeInput {
  type: RequestType;
  channel: ContactChannel;
  contact: string;
  details?: string;
  deceasedRelative?: boolean;
  /** The caller's address, for the per-IP limit (never stored in clear). */
  ip: string;
}

/** Canonical form of a contact, or VALIDATION_FAILED; a mainland mobile may carry +86. */
export function normaliseContact(channel: ContactChannel, contact: string): string {
  const v = contact.trim();
  if (channel === "email") {
    const e = v.toLowerCase();
    if (e.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return e;
  } else {
    const m = v.replace(/[\s-]/g, "").replace(/^(\+?86)/, "");
    if (/^1[3-9]\d{9}$/.test(m)) return m;
  }
  const message = channel === "email" ? "an e-mail address" : "a mainland mobile number (11 digits)";
  throw new DomainError("VALIDATION_FAILED", `contact must be ${message}`, { issues: [{ path: "contact", code: "invalid", message }] });
}

/** An Idempotency-Key and whose it is: keys are scoped per caller (API key, user, or client address). */
export interface IdempotencyInput {
  scope: string;
  key: string;
}

/** What intake answers; `replay` when an Idempotency-Key matched an earlier identical submission. */
export interface Submitted {
  id: string;
  status: string;
  replay: boolean;
}

/** Staff recording a request received by letter, phone or at a counter (PIPL Art. 50). */
export interface StaffIntake {
  actor: Actor;
  /** Identity checked in person (say how): the request starts in progress without a code. */
  verifiedNote?: string;
}

/**
 * Accepts a request (PIPL Art. 50: a convenient way to ask) and sends a one-time code to the contact
 * given. Nothing here looks the person up, so the answer is the same whether or not the operator
 * holds data on them; the identity is the contact the requester proves control of.
 * With an Idempotency-Key, the same key and body answer the first request again (no second request,
 * no second code); the same key with another body is IDEMPOTENCY_KEY_REUSED.
 */
export async function submitRequest(
  ctx: AppContext,
  input: IntakeInput,
  opts: { idempotency?: IdempotencyInput; staff?: StaffIntake } = {},
): Promise<Submitted> {
  checkIntake({ type: input.type, deceasedRelative: input.deceasedRelative ?? false });
  const contact = normaliseContact(input.channel, input.contact);
  const details = input.details?.trim() || null;
  const idem = opts.idempotency ? `requests.intake:${opts.idempotency.scope}:${opts.idempotency.key}` : undefined;
  const requestHash = ctx.keyring.blindIndex(
    JSON.stringify([input.type, input.channel, contact, details, input.deceasedRelative ?? false, opts.staff?.verifiedNote ?? null]),
    "idempotency_keys.request",
  );
  const replay = async (): Promise<Submitted | undefined> => {
    if (!idem) return undefined;
    const prior = await ctx.db.kysely.selectFrom("idempotency_keys").select(["request_hash", "response"]).where("key", "=", idem).executeTakeFirst();
    if (!prior) return undefined;
    if (prior.request_hash !== requestHash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
    return { ...(JSON.parse(prior.response) as { id: string; status: string }), replay: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const repo = new RequestRepo(ctx.db);
  const now = ctx.clock.now();
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const ipBucket = `intake:ip:${ctx.keyring.blindIndex(input.ip, "rate.ip")}`;
  if (!opts.staff && (await repo.rateCount(ipBucket, hourAgo)) >= INTAKE_PER_IP) {
    throw new DomainError("RATE_LIMITED", "too many requests from this address; try again later");
  }
  const id = ctx.ids.next();
  const iso = now.toISOString();
  const verifiedInPerson = opts.staff?.verifiedNote !== undefined;
  const status = verifiedInPerson ? "in_progress" : "identity_verification";
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (idem) {
        // Inserted first: a concurrent twin with the same key fails here and answers the winner's request.
        await trx
          .insertInto("idempotency_keys")
          .values({ key: idem, request_hash: requestHash, response: JSON.stringify({ id, status }), created_at: iso })
          .execute();
      }
      if (!opts.staff) await repo.rateHit(ctx.ids.next(), ipBucket, iso, trx);
      const actor = opts.staff?.actor ?? { kind: "requester" as const, id: null };
      const due = await insertReceivedRequest(ctx, trx, {
        id,
        type: input.type,
        channel: input.channel,
        contact,
        details: details ?? undefined,
        deceasedRelative: input.deceasedRelative,
        actor,
        note: opts.staff ? "recorded by staff" : null,
      });
      if (opts.staff?.verifiedNote !== undefined) {
        const row = await repo.find(id, trx);
        if (!row) throw new DomainError("NOT_FOUND", "no such request");
        await moveRequest(ctx, trx, row, "identity_verification", opts.staff.actor);
        await moveRequest(ctx, trx, row, "in_progress", opts.staff.actor, { note: opts.staff.verifiedNote });
        const msg = renderRequesterNotice({ kind: "accepted", requestId: id, type: input.type, due });
        await enqueueMessage(ctx, { requestId: id, channel: input.channel, to: contact, ...msg, dedupeKey: `accepted:${id}` }, trx);
      }
    });
  } catch (e) {
    const twin = await replay();
    if (twin) return twin;
    throw e;
  }
  if (!verifiedInPerson) await sendCode(ctx, id);
  return { id, status, replay: false };
}

/** What a new request row holds; `contact` is already normalised. */
export interface NewRequestRow {
  id: string;
  type: RequestType;
  channel: ContactChannel;
  contact: string;
  details?: string | undefined;
  deceasedRelative?: boolean | undefined;
  /** Who recorded it (the requester unless staff recorded it) and a note for the audit trail. */
  actor?: Actor | undefined;
  note?: string | null | undefined;
}

/**
 * Inserts a request in state `received` (contact and details encrypted, the due date set from the
 * day of receipt) with its first audit entry, inside the caller's transaction. Returns the due date.
 */
export async function insertReceivedRequest(ctx: AppContext, trx: Kysely<Database>, r: NewRequestRow): Promise<string> {
  const iso = ctx.clock.now().toISOString();
  const receivedOn = ctx.calendar.today();
  const due = dueDateFor(ctx.calendar.calendar, { receivedOn, type: r.type });
  await trx
    .insertInto("rights_requests")
    .values({
      id: r.id,
      type: r.type,
      status: "received",
      deceased_relative: r.deceasedRelative ? 1 : 0,
      channel: r.channel,
      contact_ciphertext: ctx.keyring.encrypt(r.contact, CONTACT_PLACE),
      contact_index: ctx.keyring.blindIndex(`${r.channel}:${r.contact}`, CONTACT_PLACE),
      details_ciphertext: r.details?.trim() ? ctx.keyring.encrypt(r.details.trim(), DETAILS_PLACE) : null,
      received_at: iso,
      received_on: receivedOn,
      due_on: due.due,
      due_provisional: due.provisional ? 1 : 0,
      extended_days: 0,
      assignee_id: null,
      refusal_reason: null,
      verified_at: null,
      closed_at: null,
      reminder5_sent: 0,
      reminder2_sent: 0,
      overdue_at: null,
      created_at: iso,
      updated_at: iso,
    })
    .execute();
  await recordEvent(ctx, trx, {
    requestId: r.id,
    kind: "transition",
    from: null,
    to: "received",
    actor: r.actor ?? { kind: "requester", id: null },
    note: r.note ?? null,
  });
  return due.due;
}

/**
 * Issues a new code for a request awaiting verification and puts it in the outbox. Past the
 * per-identity limit no code is sent, and the caller is told nothing different.
 */
export async function sendCode(ctx: AppContext, requestId: string): Promise<void> {
  const repo = new RequestRepo(ctx.db);
  const now = ctx.clock.now();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.find(requestId, trx);
    if (!row || (row.status !== "received" && row.status !== "identity_verification")) return;
    const idBucket = `code:identity:${row.contact_index}`;
    if ((await repo.rateCount(idBucket, new Date(now.getTime() - HOUR_MS).toISOString(), trx)) >= CODES_PER_IDENTITY) {
      ctx.logger.warn({ subsystem: "requests", requestId }, "code not sent: per-identity rate limit");
      if (row.status === "received") await moveRequest(ctx, trx, row, "identity_verification", SYSTEM, { note: "code withheld: rate limit" });
      return;
    }
    await repo.rateHit(ctx.ids.next(), idBucket, now.toISOString(), trx);
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    // Older codes stop working once a new one is issued.
    await trx
      .updateTable("request_codes")
      .set({ consumed_at: now.toISOString() })
      .where("request_id", "=", requestId)
      .where("consumed_at", "is", null)
      .execute();
    await trx
      .insertInto("request_codes")
      .values({
        id: ctx.ids.next(),
        request_id: requestId,
        code_hash: hashCode(ctx, requestId, code),
        expires_at: new Date(now.getTime() + CODE_TTL_MINUTES * 60_000).toISOString(),
        attempts: 0,
        consumed_at: null,
        created_at: now.toISOString(),
      })
      .execute();
    const msg = renderRequesterNotice({ kind: "verification_code", requestId, type: row.type as RequestType, code, validMinutes: CODE_TTL_MINUTES });
    const to = ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE);
    await enqueueMessage(ctx, { requestId, channel: row.channel as "email" | "sms", to, ...msg }, trx);
    if (row.status === "received") await moveRequest(ctx, trx, row, "identity_verification", SYSTEM);
  });
}

/**
 * Sends a fresh code for a request still awaiting verification (the old one expired or was used up).
 * Counted against the same per-address limit as intake; the answer is the same whether or not the
 * request exists or a code went out.
 */
export async function resendCode(ctx: AppContext, input: { id: string; ip: string }): Promise<void> {
  const repo = new RequestRepo(ctx.db);
  const now = ctx.clock.now();
  const ipBucket = `intake:ip:${ctx.keyring.blindIndex(input.ip, "rate.ip")}`;
  if ((await repo.rateCount(ipBucket, new Date(now.getTime() - HOUR_MS).toISOString())) >= INTAKE_PER_IP) {
    throw new DomainError("RATE_LIMITED", "too many requests from this address; try again later");
  }
  await repo.rateHit(ctx.ids.next(), ipBucket, now.toISOString());
  await sendCode(ctx, input.id);
}

/**
 * Checks a code. Every failure — unknown request, wrong state, expired, used up, wrong code — gives the
 * same VERIFICATION_FAILED, so the answer never tells whether a request or a person exists.
 */
export async function verifyRequest(
  ctx: AppContext,
  input: { id: string; code: string; ip: string },
): Promise<{ id: string; status: string; dueOn: string; requesterToken: string }> {
  const repo = new RequestRepo(ctx.db);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const ipBucket = `verify:ip:${ctx.keyring.blindIndex(input.ip, "rate.ip")}`;
  if ((await repo.rateCount(ipBucket, new Date(now.getTime() - HOUR_MS).toISOString())) >= VERIFY_FAILURES_PER_IP) {
    throw new DomainError("RATE_LIMITED", "too many failed codes from this address; try again later");
  }
  const fail = new DomainError("VERIFICATION_FAILED", "the code is wrong or no longer valid");
  const ok = await ctx.db.kysely.transaction().execute(async (trx): Promise<false | { token: string }> => {
    const row = await repo.find(input.id, trx);
    const code = row?.status === "identity_verification" ? await repo.latestCode(input.id, trx) : undefined;
    if (!row || !code || code.expires_at <= iso || code.attempts >= CODE_MAX_ATTEMPTS) return false;
    if (!sameHash(code.code_hash, hashCode(ctx, input.id, input.code))) {
      await trx
        .updateTable("request_codes")
        .set({ attempts: code.attempts + 1 })
        .where("id", "=", code.id)
        .execute();
      return false;
    }
    await trx.updateTable("request_codes").set({ consumed_at: iso }).where("id", "=", code.id).execute();
    // The proof of the code, kept by the requester: it lets them follow and withdraw this request.
    const token = await issueRequesterToken(ctx, trx, row.id);
    if (row.deceased_relative === 1) {
      // PIPL Art. 49: the code proves the relative's contact, not the death or the relationship;
      // staff check those documents and then record it (verify-identity with a note).
      await recordEvent(ctx, trx, {
        requestId: row.id,
        kind: "note",
        actor: { kind: "requester", id: null },
        note: "contact confirmed by code; relationship to be checked by staff",
      });
      return { token };
    }
    await moveRequest(ctx, trx, row, "in_progress", { kind: "requester", id: null });
    const msg = renderRequesterNotice({ kind: "accepted", requestId: row.id, type: row.type as RequestType, due: row.due_on });
    const to = ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE);
    await enqueueMessage(ctx, { requestId: row.id, channel: row.channel as "email" | "sms", to, ...msg, dedupeKey: `accepted:${row.id}` }, trx);
    return { token };
  });
  if (!ok) {
    await repo.rateHit(ctx.ids.next(), ipBucket, iso);
    throw fail;
  }
  const row = await repo.find(input.id);
  return { id: input.id, status: row?.status ?? "in_progress", dueOn: row?.due_on ?? "", requesterToken: ok.token };
}

function hashCode(ctx: AppContext, requestId: string, code: string): string {
  return ctx.keyring.blindIndex(`${requestId}:${code}`, "request_codes.code");
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
