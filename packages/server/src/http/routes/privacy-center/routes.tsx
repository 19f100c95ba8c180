/** @jsxImportSource hono/jsx */
/**
 * The privacy center (隐私中心) for data subjects, under /privacy-center/{app}: server-rendered HTML that
 * works without JavaScript (forms and POST-redirect-GET). Routes are "public" to the staff auth layer;
 * pages that need a subject check the subject session cookie themselves and redirect to sign-in.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { consentArea, type PolicyKind } from "../../../consent/index.js";
import { publishedDocuments } from "../../../privacy-center/catalog-view.js";
import { actingFor, consentRows, recordChoice } from "../../../privacy-center/consents.js";
import { fileRequest, subjectExport, subjectRequests } from "../../../privacy-center/requests.js";
import {
  endSubjectSession,
  SIGN_IN_CODE_TTL_MINUTES,
  SUBJECT_SESSION_COOKIE,
  SUBJECT_SESSION_MINUTES,
  type SubjectSession,
  sessionContact,
  startSignIn,
  verifySignIn,
} from "../../../privacy-center/sign-in.js";
import { ConsentsPage } from "../../../privacy-center/views/consents.js";
import { AppsPage, type DocumentLink, HomePage, MessagePage } from "../../../privacy-center/views/home.js";
import { RequestPage, RequestsPage } from "../../../privacy-center/views/requests.js";
import { CodePage, SignInPage } from "../../../privacy-center/views/sign-in.js";
import { secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import {
  appExists,
  CHALLENGE_COOKIE,
  checkCsrf,
  checkPreCsrf,
  clientIp,
  codeOf,
  formOf,
  PREFIX,
  pageBase,
  preCsrf,
  seeOther,
  sendPage,
  sessionOf,
  withParam,
} from "./web.js";

type C = Context<AppEnv>;

const TAGS = ["privacy-center"];
const html = { content: { "text/html": { schema: z.string() } } };
const app = z.string().min(1).max(64);
const forQuery = z.object({
  lang: z.string().optional().describe("zh (default) or en; remembered in a cookie"),
  for: z.string().optional().describe("a child the signed-in guardian acts for"),
});
const page = {
  200: { description: "page (HTML)", ...html },
  303: { description: "redirect (sign in first)" },
  404: { description: "no such app (HTML)", ...html },
};
const post = { 303: { description: "redirect to the page showing the outcome (POST-redirect-GET)" }, 404: { description: "no such app (HTML)", ...html } };
const form = (fields: Record<string, z.ZodType>) => ({
  body: { required: false, content: { "application/x-www-form-urlencoded": { schema: z.object(fields) } } },
});
const csrf = z.string().optional().describe("the form's CSRF token");

function route(method: "get" | "post", path: string, summary: string, extra: Record<string, unknown> = {}) {
  return secureRoute({
    method,
    path: `${PREFIX}${path}`,
    auth: "public",
    tags: TAGS,
    summary,
    request: {
      ...(path.includes("{app}") ? { params: z.object({ app, ...(path.includes("{id}") ? { id: z.string().max(64) } : {}) }) } : {}),
      query: forQuery,
      ...extra,
    },
    responses: method === "get" ? page : post,
  });
}

const R = {
  apps: route("get", "", "The apps that have a privacy center (redirects when there is one)"),
  home: route("get", "/{app}", "An app's privacy center: its rules (current and earlier versions) and the way in"),
  signIn: route("get", "/{app}/sign-in", "Sign-in form: mobile number or e-mail"),
  signInPost: route("post", "/{app}/sign-in", "Send a one-time code (the answer is the same whether or not the person is known)", {
    ...form({ csrf, identity: z.string().optional() }),
  }),
  code: route("get", "/{app}/sign-in/code", "Code form"),
  codePost: route("post", "/{app}/sign-in/code", "Check the code and open a subject session (6 digits, 10 minutes, 5 tries)", {
    ...form({ csrf, code: z.string().optional() }),
  }),
  signOut: route("post", "/{app}/sign-out", "End the subject session", { ...form({ csrf }) }),
  consents: route("get", "/{app}/consents", "Every consent of the subject (or of a child the subject is guardian of), one button each"),
  consentsPost: route("post", "/{app}/consents", "Grant or withdraw one purpose (withdrawal effective at once, PIPL Art. 15)", {
    ...form({ csrf, purpose: z.string().optional(), action: z.enum(["grant", "withdraw"]).optional(), for: z.string().optional() }),
  }),
  requests: route("get", "/{app}/requests", "The subject's rights requests and the form to file one"),
  requestsPost: route("post", "/{app}/requests", "File a rights request (PIPL Arts. 44–50); it starts verified", {
    ...form({ csrf, type: z.string().optional(), details: z.string().optional(), for: z.string().optional() }),
  }),
  request: route("get", "/{app}/requests/{id}", "One request's status and due date"),
  exportFile: route("get", "/{app}/requests/{id}/export", "Download the export (ZIP) of one of the subject's completed requests"),
};

const DOCS: { page: DocumentLink["page"]; kind: PolicyKind }[] = [
  { page: "privacy", kind: "privacy_policy" },
  { page: "children", kind: "children_rules" },
  { page: "sdk", kind: "sdk_list" },
];

async function notFound(c: C, appKey: string): Promise<Response> {
  const p = pageBase(c, appKey);
  return sendPage(c, <MessagePage p={p} title={p.m.errors.NOT_FOUND ?? ""} text={p.m.notFound} />, 404);
}

/** Runs a page handler for a known app; a signed-in page without a session goes to sign-in. */
function forApp(handler: (c: C, appKey: string) => Promise<Response>) {
  return async (c: C): Promise<Response> => {
    const appKey = c.req.param("app") ?? "";
    if (!(await appExists(c.get("ctx"), appKey))) return notFound(c, appKey);
    return handler(c, appKey);
  };
}

function signedIn(handler: (c: C, appKey: string, s: SubjectSession) => Promise<Response>) {
  return forApp(async (c, appKey) => {
    const s = await sessionOf(c);
    if (!s) return seeOther(c, `${PREFIX}/${encodeURIComponent(appKey)}/sign-in`);
    if (c.req.method !== "GET") return handler(c, appKey, s);
    try {
      return await handler(c, appKey, s);
    } catch (e) {
      // A page that cannot be shown (not this person's child or request) is an HTML page too, never JSON.
      const code = codeOf(e);
      const p = pageBase(c, appKey, { csrf: s.csrfToken });
      const text = p.m.errors[code] ?? p.m.errors.generic ?? "";
      return sendPage(c, <MessagePage p={p} title={text} text={text} />, code === "FORBIDDEN" ? 403 : 404);
    }
  });
}

/** Registers the privacy-center pages. */
export function registerPrivacyCenterRoutes(hono: OpenAPIHono<AppEnv>): void {
  const on = (r: (typeof R)[keyof typeof R], h: (c: C) => Promise<Response>) => hono.openapi(r, h as never);

  on(R.apps, async (c) => {
    const ctx = c.get("ctx");
    const apps = [...new Set((await consentArea(ctx).policies.list()).map((d) => d.app))];
    if (apps.length === 1) return seeOther(c, `${PREFIX}/${encodeURIComponent(apps[0]!)}`);
    return sendPage(c, <AppsPage p={pageBase(c, "")} apps={apps} />);
  });

  on(
    R.home,
    forApp(async (c, appKey) => {
      const published = await publishedDocuments(c.get("ctx"), appKey);
      const docs: DocumentLink[] = DOCS.map((d) => ({
        page: d.page,
        title: published.get(d.kind)?.title ?? null,
        versions: published.get(d.kind)?.versions ?? [],
      }));
      const s = await sessionOf(c);
      return sendPage(c, <HomePage p={pageBase(c, appKey, { csrf: s?.csrfToken })} signedIn={!!s} docs={docs} />);
    }),
  );

  on(
    R.signIn,
    forApp(async (c, appKey) => sendPage(c, <SignInPage p={pageBase(c, appKey)} csrf={preCsrf(c)} />)),
  );

  on(
    R.signInPost,
    forApp(async (c, appKey) => {
      const base = `${PREFIX}/${encodeURIComponent(appKey)}`;
      const f = await formOf(c);
      try {
        checkPreCsrf(c, f);
        const challenge = await startSignIn(c.get("ctx"), { identity: f.identity ?? "", ip: clientIp(c) });
        setCookie(c, CHALLENGE_COOKIE, challenge, {
          path: PREFIX,
          httpOnly: true,
          sameSite: "Strict",
          maxAge: SIGN_IN_CODE_TTL_MINUTES * 60,
          secure: c.get("ctx").config.secureCookies,
        });
        return seeOther(c, `${base}/sign-in/code`);
      } catch (e) {
        return seeOther(c, withParam(`${base}/sign-in`, "e", codeOf(e)));
      }
    }),
  );

  on(
    R.code,
    forApp(async (c, appKey) => {
      if (!getCookie(c, CHALLENGE_COOKIE)) return seeOther(c, `${PREFIX}/${encodeURIComponent(appKey)}/sign-in`);
      return sendPage(c, <CodePage p={pageBase(c, appKey)} csrf={preCsrf(c)} />);
    }),
  );

  on(
    R.codePost,
    forApp(async (c, appKey) => {
      const base = `${PREFIX}/${encodeURIComponent(appKey)}`;
      const f = await formOf(c);
      try {
        checkPreCsrf(c, f);
        const s = await verifySignIn(c.get("ctx"), { challengeId: getCookie(c, CHALLENGE_COOKIE) ?? "", code: f.code ?? "", ip: clientIp(c) });
        deleteCookie(c, CHALLENGE_COOKIE, { path: PREFIX });
        setCookie(c, SUBJECT_SESSION_COOKIE, s.token, {
          path: PREFIX,
          httpOnly: true,
          sameSite: "Lax",
          maxAge: SUBJECT_SESSION_MINUTES * 60,
          secure: c.get("ctx").config.secureCookies,
        });
        return seeOther(c, `${base}/consents`);
      } catch (e) {
        return seeOther(c, withParam(`${base}/sign-in/code`, "e", codeOf(e)));
      }
    }),
  );

  on(
    R.signOut,
    forApp(async (c, appKey) => {
      const base = `${PREFIX}/${encodeURIComponent(appKey)}`;
      const s = await sessionOf(c);
      const f = await formOf(c);
      if (s) {
        try {
          checkCsrf(c, s, f);
        } catch (e) {
          return seeOther(c, withParam(base, "e", codeOf(e)));
        }
        await endSubjectSession(c.get("ctx"), s.id);
      }
      deleteCookie(c, SUBJECT_SESSION_COOKIE, { path: PREFIX });
      return seeOther(c, `${base}?ok=signed-out`);
    }),
  );

  on(
    R.consents,
    signedIn(async (c, appKey, s) => {
      const ctx = c.get("ctx");
      const who = await actingFor(ctx, s.subjectId, c.req.query("for"));
      const rows = await consentRows(ctx, who.subjectId, s.subjectId);
      const p = pageBase(c, appKey, { csrf: s.csrfToken, forQuery: who.childNo ? `?for=${encodeURIComponent(who.subjectId)}` : "" });
      return sendPage(c, <ConsentsPage p={p} csrf={s.csrfToken} rows={rows} who={{ ...who, signedIn: s.subjectId }} />);
    }),
  );

  on(
    R.consentsPost,
    signedIn(async (c, appKey, s) => {
      const f = await formOf(c);
      let back = `${PREFIX}/${encodeURIComponent(appKey)}/consents`;
      try {
        checkCsrf(c, s, f);
        const ctx = c.get("ctx");
        const who = await actingFor(ctx, s.subjectId, f.for || undefined);
        if (who.childNo) back = withParam(back, "for", who.subjectId);
        if (f.action !== "grant" && f.action !== "withdraw")
          throw new DomainError("VALIDATION_FAILED", "action must be grant or withdraw", { field: "action" });
        await recordChoice(ctx, { subjectId: who.subjectId, actorId: s.subjectId, app: appKey, purpose: f.purpose ?? "", action: f.action });
        return seeOther(c, `${withParam(back, "ok", f.action)}#p-${encodeURIComponent(f.purpose ?? "")}`);
      } catch (e) {
        return seeOther(c, withParam(back, "e", codeOf(e)));
      }
    }),
  );

  on(
    R.requests,
    signedIn(async (c, appKey, s) => {
      const ctx = c.get("ctx");
      const who = await actingFor(ctx, s.subjectId, c.req.query("for"));
      const items = await subjectRequests(ctx, who.subjectId, s.subjectId);
      const p = pageBase(c, appKey, { csrf: s.csrfToken, forQuery: who.childNo ? `?for=${encodeURIComponent(who.subjectId)}` : "" });
      return sendPage(c, <RequestsPage p={p} csrf={s.csrfToken} items={items} who={{ ...who, signedIn: s.subjectId }} />);
    }),
  );

  on(
    R.requestsPost,
    signedIn(async (c, appKey, s) => {
      const f = await formOf(c);
      let back = `${PREFIX}/${encodeURIComponent(appKey)}/requests`;
      try {
        checkCsrf(c, s, f);
        const ctx = c.get("ctx");
        const who = await actingFor(ctx, s.subjectId, f.for || undefined);
        if (who.childNo) back = withParam(back, "for", who.subjectId);
        const r = await fileRequest(ctx, {
          subjectId: who.subjectId,
          actorId: s.subjectId,
          contact: await sessionContact(ctx, s),
          type: f.type ?? "",
          details: f.details,
        });
        return seeOther(c, withParam(back, "ok", `filed:${r.dueOn}`));
      } catch (e) {
        return seeOther(c, withParam(back, "e", codeOf(e)));
      }
    }),
  );

  on(
    R.request,
    signedIn(async (c, appKey, s) => {
      const ctx = c.get("ctx");
      const who = await actingFor(ctx, s.subjectId, c.req.query("for"));
      const r = (await subjectRequests(ctx, who.subjectId, s.subjectId)).find((x) => x.id === c.req.param("id"));
      if (!r) throw new DomainError("NOT_FOUND", "no such request of this subject");
      const forId = who.childNo ? who.subjectId : null;
      const p = pageBase(c, appKey, { csrf: s.csrfToken, forQuery: forId ? `?for=${encodeURIComponent(forId)}` : "" });
      return sendPage(c, <RequestPage p={p} r={r} forId={forId} />);
    }),
  );

  on(
    R.exportFile,
    signedIn(async (c, _appKey, s) => {
      const ctx = c.get("ctx");
      const who = await actingFor(ctx, s.subjectId, c.req.query("for"));
      const id = c.req.param("id") ?? "";
      const zip = await subjectExport(ctx, who.subjectId, s.subjectId, id);
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="pipguard-export-${id.replace(/[^A-Za-z0-9-]/g, "")}.zip"`,
      });
    }),
  );
}
