/**
 * Subject tokens of the consent widget. The widget runs in end users' browsers and must never hold an
 * API key, so the operator's backend (with a consent:write key) mints a short-lived token naming one
 * subject and one app; the widget's public endpoints accept nothing else.
 *
 * Format: `pgw1.<base64url JSON {s: subject id, a: app, e: expiry epoch seconds, n: nonce}>.<mac>`;
 * the MAC is HMAC-SHA-256 (HMAC-SM3 in an SM4 deployment) under the keyring's index key with the
 * place "widget.subject-token.v1" as domain separation, so it can be checked by every instance that
 * shares the database and changes nothing there. A token carries ids only, never personal data.
 */
import { randomBytes } from "node:crypto";
import { DomainError } from "@pipguard/core";
import type { Keyring } from "../crypto/keyring.js";
import { safeEqual } from "../crypto/tokens.js";

const PREFIX = "pgw1";
const PLACE = "widget.subject-token.v1";
/** Longest lifetime a token may be minted with (one day); the default is one hour. */
export const MAX_TOKEN_TTL_SECONDS = 86_400;
export const DEFAULT_TOKEN_TTL_SECONDS = 3_600;

export interface SubjectClaims {
  subjectId: string;
  app: string;
  /** Expiry, epoch seconds. */
  expiresAt: number;
}

/** Mints a token for a subject and app that expires `ttlSeconds` after `nowMs`. */
export function mintSubjectToken(
  keyring: Keyring,
  opts: { subjectId: string; app: string; nowMs: number; ttlSeconds: number },
): { token: string; expiresAt: string } {
  const e = Math.floor(opts.nowMs / 1000) + opts.ttlSeconds;
  const body = Buffer.from(JSON.stringify({ s: opts.subjectId, a: opts.app, e, n: randomBytes(9).toString("base64url") })).toString("base64url");
  return { token: `${PREFIX}.${body}.${keyring.blindIndex(body, PLACE)}`, expiresAt: new Date(e * 1000).toISOString() };
}

/** Verifies a token: WIDGET_TOKEN_INVALID (missing, malformed, tampered, other app) or WIDGET_TOKEN_EXPIRED. */
export function verifySubjectToken(keyring: Keyring, token: string | undefined, opts: { app: string; nowMs: number }): SubjectClaims {
  const invalid = (why: string) => new DomainError("WIDGET_TOKEN_INVALID", why);
  if (!token) throw invalid("send the subject token minted by your backend in the X-Pipguard-Token header");
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2] || token.length > 2048) throw invalid("the subject token is malformed");
  if (!safeEqual(keyring.blindIndex(parts[1], PLACE), parts[2])) throw invalid("the subject token's signature does not verify");
  let claims: { s?: unknown; a?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as typeof claims;
  } catch {
    throw invalid("the subject token is malformed");
  }
  if (typeof claims.s !== "string" || typeof claims.a !== "string" || typeof claims.e !== "number") throw invalid("the subject token is malformed");
  if (claims.a !== opts.app) throw invalid("the subject token was minted for another app");
  if (claims.e * 1000 <= opts.nowMs) throw new DomainError("WIDGET_TOKEN_EXPIRED", "the subject token has expired; mint a new one on your backend");
  return { subjectId: claims.s, app: claims.a, expiresAt: claims.e };
}
