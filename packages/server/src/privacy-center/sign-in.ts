/**
 * Signing a data subject in to the privacy center with a one-time code sent to an identity they
 * registered (mobile or e-mail). GB/T 35273-2020 §8.7 a): verify identity before acting on rights.
 * Nothing here tells whether a person exists: an unknown identity gets the same answer and a challenge
 * that can never succeed. Subject sessions live in their own table and cookie, apart from staff sessions.
 */
import { randomInt } from "node:crypto";
import { DomainError } from "@pipguard/core";
import { consentArea } from "../consent/index.js";
import type { AppContext } from "../context.js";
import { hashToken, randomToken, safeEqual } from "../crypto/tokens.js";
import { normaliseContact } from "../requests/intake.js";
import { enqueueMessage } from "../requests/outbox.js";
import { RequestRepo } from "../requests/request-repo.js";

export const SUBJECT_SESSION_COOKIE = "pipguard_subject";
/** The code's rules: 6 digits, valid 10 minutes, 5 tries. */
export const SIGN_IN_CODE_TTL_MINUTES = 10;
export const SIGN_IN_CODE_MAX_ATTEMPTS = 5;
/** Short-lived: a subject session ends 30 minutes after sign-in. */
export const SUBJECT_SESSION_MINUTES = 30;
/** Rate limits per rolling hour. */
export const SIGN_INS_PER_IP = 10;
export const CODES_PER_IDENTITY = 5;
export const FAILED_CODES_PER_IP = 20;
const HOUR_MS = 3_600_000;

/** A live subject session. */
export interface SubjectSession {
  id: string;
  subjectId: string;
  identityId: string;
  csrfToken: string;
  expiresAt: string;
}

/** The identity a person typed, told apart by shape: an e-mail has an @, anything else is a mobile. */
export function parseIdentity(raw: string): { type: "email" | "mobile"; channel: "email" | "sms"; value: string } {
  const isEmail = raw.includes("@");
  const channel = isEmail ? "email" : "sms";
  return { type: isEmail ? "email" : "mobile", channel, value: normaliseContact(channel, raw) };
}

const ipBucket = (ctx: AppContext, kind: string, ip: string) => `pc:${kind}:ip:${ctx.keyring.blindIndex(ip, "rate.ip")}`;
const since = (ctx: AppContext) => new Date(ctx.clock.now().getTime() - HOUR_MS).toISOString();

/**
 * Starts a sign-in: records a challenge and, when a subject has this identity and the per-identity
 * limit allows, puts a code in the outbox. Returns the challenge id whatever happened.
 */
export async function startSignIn(ctx: AppContext, input: { identity: string; ip: string }): Promise<string> {
  const repo = new RequestRepo(ctx.db);
  const byIp = ipBucket(ctx, "signin", input.ip);
  if ((await repo.rateCount(byIp, since(ctx))) >= SIGN_INS_PER_IP)
    throw new DomainError("RATE_LIMITED", "too many sign-ins from this address; try again later");
  const who = parseIdentity(input.identity);
  const identityIndex = ctx.keyring.blindIndex(`${who.type}:${who.value}`, "subject_login_codes.identity");
  const { subjects } = consentArea(ctx);
  const subjectId = await subjects.find(who.type, who.value).then(
    (s) => s.id,
    (e) => {
      if (e instanceof DomainError && e.code === "NOT_FOUND") return null;
      throw e;
    },
  );
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const id = ctx.ids.next();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const byIdentity = `pc:code:identity:${identityIndex}`;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.rateHit(ctx.ids.next(), byIp, iso, trx);
    const underLimit = (await repo.rateCount(byIdentity, since(ctx), trx)) < CODES_PER_IDENTITY;
    // Older codes for the identity stop working once a new one is issued.
    await trx
      .updateTable("subject_login_codes")
      .set({ consumed_at: iso })
      .where("identity_index", "=", identityIndex)
      .where("consumed_at", "is", null)
      .execute();
    const identityId = subjectId
      ? ((
          await trx
            .selectFrom("subject_identities")
            .select("id")
            .where("subject_id", "=", subjectId)
            .where("type", "=", who.type)
            .where("blind_index", "=", ctx.keyring.blindIndex(who.value, `subject_identities.${who.type}`))
            .executeTakeFirst()
        )?.id ?? null)
      : null;
    const sending = subjectId !== null && identityId !== null && underLimit;
    await trx
      .insertInto("subject_login_codes")
      .values({
        id,
        identity_index: identityIndex,
        subject_id: sending ? subjectId : null,
        identity_id: sending ? identityId : null,
        code_hash: hashCode(ctx, id, code),
        expires_at: new Date(now.getTime() + SIGN_IN_CODE_TTL_MINUTES * 60_000).toISOString(),
        attempts: 0,
        consumed_at: null,
        created_at: iso,
      })
      .execute();
    if (!sending) return;
    await repo.rateHit(ctx.ids.next(), byIdentity, iso, trx);
    const text = `您的隐私中心登录验证码是 ${code}，${SIGN_IN_CODE_TTL_MINUTES} 分钟内有效。请勿告诉他人。\nYour privacy-center sign-in code is ${code}, valid for ${SIGN_IN_CODE_TTL_MINUTES} minutes. Do not share it.`;
    await enqueueMessage(ctx, { requestId: null, channel: who.channel, to: who.value, subject: "隐私中心登录验证码 / Privacy-center sign-in code", text }, trx);
  });
  return id;
}

/**
 * Checks a code and opens a session. Every failure — unknown challenge, unknown person, expired,
 * used up, wrong code — is the same VERIFICATION_FAILED.
 */
export async function verifySignIn(ctx: AppContext, input: { challengeId: string; code: string; ip: string }): Promise<SubjectSession & { token: string }> {
  const repo = new RequestRepo(ctx.db);
  const byIp = ipBucket(ctx, "verify", input.ip);
  if ((await repo.rateCount(byIp, since(ctx))) >= FAILED_CODES_PER_IP)
    throw new DomainError("RATE_LIMITED", "too many failed codes from this address; try again later");
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const token = randomToken();
  const session = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("subject_login_codes").selectAll().where("id", "=", input.challengeId).executeTakeFirst();
    if (!row || row.consumed_at || row.expires_at <= iso || row.attempts >= SIGN_IN_CODE_MAX_ATTEMPTS) return null;
    if (!row.subject_id || !row.identity_id || !safeEqual(row.code_hash, hashCode(ctx, row.id, input.code.trim()))) {
      await trx
        .updateTable("subject_login_codes")
        .set({ attempts: row.attempts + 1 })
        .where("id", "=", row.id)
        .execute();
      return null;
    }
    await trx.updateTable("subject_login_codes").set({ consumed_at: iso }).where("id", "=", row.id).execute();
    const s: SubjectSession = {
      id: ctx.ids.next(),
      subjectId: row.subject_id,
      identityId: row.identity_id,
      csrfToken: randomToken(24),
      expiresAt: new Date(now.getTime() + SUBJECT_SESSION_MINUTES * 60_000).toISOString(),
    };
    await trx
      .insertInto("subject_sessions")
      .values({
        id: s.id,
        token_hash: hashToken(token),
        subject_id: s.subjectId,
        identity_id: s.identityId,
        csrf_token: s.csrfToken,
        created_at: iso,
        expires_at: s.expiresAt,
      })
      .execute();
    return s;
  });
  if (!session) {
    await repo.rateHit(ctx.ids.next(), byIp, iso);
    throw new DomainError("VERIFICATION_FAILED", "the code is wrong or no longer valid");
  }
  return { ...session, token };
}

/** The live session behind a cookie value, if any. */
export async function subjectSession(ctx: AppContext, token: string | undefined): Promise<SubjectSession | undefined> {
  if (!token) return undefined;
  const r = await ctx.db.kysely.selectFrom("subject_sessions").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirst();
  if (!r || r.expires_at <= ctx.clock.now().toISOString()) return undefined;
  return { id: r.id, subjectId: r.subject_id, identityId: r.identity_id, csrfToken: r.csrf_token, expiresAt: r.expires_at };
}

/** Ends a session. */
export async function endSubjectSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.kysely.deleteFrom("subject_sessions").where("id", "=", sessionId).execute();
}

/** The contact behind the identity a session signed in with (where request notices go). */
export async function sessionContact(ctx: AppContext, s: SubjectSession): Promise<{ channel: "email" | "sms"; contact: string }> {
  const r = await ctx.db.kysely.selectFrom("subject_identities").select(["type", "value_ciphertext"]).where("id", "=", s.identityId).executeTakeFirst();
  if (!r) throw new DomainError("UNAUTHENTICATED", "the identity of this session is gone; sign in again");
  return { channel: r.type === "email" ? "email" : "sms", contact: ctx.keyring.decrypt(r.value_ciphertext, `subject_identities.${r.type}`) };
}

function hashCode(ctx: AppContext, challengeId: string, code: string): string {
  return ctx.keyring.blindIndex(`${challengeId}:${code}`, "subject_login_codes.code");
}

/** Deletes ended sessions and sign-in codes older than a day (the deadline job calls this; PIPL Art. 19: kept no longer than needed). */
export async function purgeExpiredSignIns(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.kysely.deleteFrom("subject_sessions").where("expires_at", "<=", now.toISOString()).execute();
  await ctx.db.kysely
    .deleteFrom("subject_login_codes")
    .where("created_at", "<", new Date(now.getTime() - 86_400_000).toISOString())
    .execute();
}
