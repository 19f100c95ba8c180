/**
 * Plumbing of the privacy-center pages: language (query, then cookie, zh-CN by default), CSRF (a
 * per-session token, or a pre-sign-in double-submit cookie, plus an Origin check), form bodies, the
 * subject session cookie and HTML responses with a strict CSP.
 */

import { getConnInfo } from "@hono/node-server/conninfo";
import { DomainError, isDomainError } from "@pipguard/core";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { AppContext } from "../../../context.js";
import { randomToken, safeEqual } from "../../../crypto/tokens.js";
import { catalogView } from "../../../privacy-center/catalog-view.js";
import { LANGS, type Lang, MESSAGES } from "../../../privacy-center/messages.js";
import { SUBJECT_SESSION_COOKIE, type SubjectSession, subjectSession } from "../../../privacy-center/sign-in.js";
import type { PageBase } from "../../../privacy-center/views/layout.js";
import type { AppEnv } from "../../types.js";

export const PREFIX = "/privacy-center";
export const LANG_COOKIE = "pipguard_lang";
export const PRE_CSRF_COOKIE = "pipguard_pc_csrf";
export const CHALLENGE_COOKIE = "pipguard_pc_challenge";

type C = Context<AppEnv>;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The page's language: `?lang=` (remembered in a cookie), then the cookie, else zh-CN. */
export function langOf(c: C): Lang {
  const q = c.req.query("lang");
  if (q && (LANGS as readonly string[]).includes(q)) {
    setCookie(c, LANG_COOKIE, q, { path: "/", sameSite: "Lax", maxAge: 365 * 86_400, httpOnly: true, secure: c.get("ctx").config.secureCookies });
    return q as Lang;
  }
  const k = getCookie(c, LANG_COOKIE);
  return k === "en" ? "en" : "zh";
}

/** The facts the layout needs. */
export function pageBase(c: C, app: string, extra: Partial<PageBase> = {}): PageBase {
  const lang = langOf(c);
  const url = new URL(c.req.url);
  url.searchParams.delete("ok");
  url.searchParams.delete("e");
  url.searchParams.set("lang", lang === "zh" ? "en" : "zh");
  const ok = c.req.query("ok");
  const e = c.req.query("e");
  const m = MESSAGES[lang];
  return {
    m,
    lang,
    app,
    base: `${PREFIX}/${encodeURIComponent(app)}`,
    switchHref: `${url.pathname}${url.search}`,
    ok: ok ? okMessage(m, ok) : undefined,
    error: e ? (m.errors[e] ?? m.errors.generic) : undefined,
    ...extra,
  };
}

function okMessage(m: (typeof MESSAGES)[Lang], ok: string): string | undefined {
  if (ok === "grant" || ok === "withdraw") return m.consents.done[ok];
  if (ok === "signed-out") return m.signedOut;
  if (/^filed:\d{4}-\d{2}-\d{2}$/.test(ok)) return m.requests.filed(ok.slice(6));
  return undefined;
}

/** Sends a page (doctype, CSP, no caching: pages carry personal data). */
export async function sendPage(c: C, el: JSX.Element, status: 200 | 403 | 404 = 200): Promise<Response> {
  const body = `<!doctype html>${await el.toString()}`;
  return c.body(body, status, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP, "Cache-Control": "no-store" });
}

/** POST-redirect-GET. */
export function seeOther(c: C, to: string): Response {
  return c.redirect(to, 303);
}

/** The string fields of a url-encoded or multipart form; anything else is an empty form. */
export async function formOf(c: C): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return {};
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A cross-site POST is refused when the browser says where it came from and it is elsewhere. */
function checkOrigin(c: C): void {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return;
  const host = c.req.header("host") ?? new URL(c.req.url).host;
  if (new URL(origin).host !== host) throw new DomainError("CSRF_TOKEN_INVALID", "cross-site form post");
}

/** The pre-sign-in CSRF token, set in a cookie on first use (double submit). */
export function preCsrf(c: C): string {
  let t = getCookie(c, PRE_CSRF_COOKIE);
  if (!t || t.length < 16) {
    t = randomToken(18);
    setCookie(c, PRE_CSRF_COOKIE, t, { path: PREFIX, sameSite: "Strict", httpOnly: true, secure: c.get("ctx").config.secureCookies });
  }
  return t;
}

/** Checks a pre-sign-in form's CSRF field against its cookie. */
export function checkPreCsrf(c: C, form: Record<string, string>): void {
  checkOrigin(c);
  const cookie = getCookie(c, PRE_CSRF_COOKIE);
  if (!cookie || !form.csrf || !safeEqual(cookie, form.csrf)) throw new DomainError("CSRF_TOKEN_INVALID", "the form is stale; reload it");
}

/** Checks a signed-in form's CSRF field against the session. */
export function checkCsrf(c: C, s: SubjectSession, form: Record<string, string>): void {
  checkOrigin(c);
  if (!form.csrf || !safeEqual(s.csrfToken, form.csrf)) throw new DomainError("CSRF_TOKEN_INVALID", "the form is stale; reload it");
}

/** The subject session of the request, if any. */
export function sessionOf(c: C): Promise<SubjectSession | undefined> {
  return subjectSession(c.get("ctx"), getCookie(c, SUBJECT_SESSION_COOKIE));
}

/** True when the catalog has a system with this key (the app of a privacy center). */
export async function appExists(ctx: AppContext, app: string): Promise<boolean> {
  return (await catalogView(ctx)).apps.has(app);
}

/** The caller's address for rate limits. */
export function clientIp(c: C): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The error code to show after a failed form post, or rethrows what is not a domain error. */
export function codeOf(e: unknown): string {
  if (isDomainError(e)) return e.code;
  throw e;
}

/** Appends a query parameter to a path that may already have some. */
export function withParam(path: string, key: string, value: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}${key}=${encodeURIComponent(value)}`;
}
