import { getConnInfo } from "@hono/node-server/conninfo";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError, REFUSAL_REASONS } from "@pipguard/core";
import type { Context } from "hono";
import { appendAccess } from "../../../access/access-log.js";
import { downloadExport } from "../../../requests/exports.js";
import { resendCode, submitRequest, verifyRequest } from "../../../requests/intake.js";
import { getRun } from "../../../requests/request-runs.js";
import { RequestService } from "../../../requests/request-service.js";
import { requesterStatus, withdrawByRequester } from "../../../requests/requester.js";
import type { Actor } from "../../../requests/transitions.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import * as S from "./schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } });
const TAGS = ["requests"];

const submit = secureRoute({
  method: "post",
  path: "/api/v1/requests",
  auth: "public",
  tags: TAGS,
  summary:
    "Submit a rights request (PIPL Arts. 44–50); a one-time code goes to the contact given; Idempotency-Key makes retries safe (422 IDEMPOTENCY_KEY_REUSED for another body)",
  request: { headers: S.IdempotencyHeaderSchema, ...body(S.SubmitRequestSchema) },
  responses: {
    202: {
      description: "accepted; verify with the code (a retry with the same Idempotency-Key answers the same request, header Idempotent-Replayed: true)",
      ...json(S.SubmittedSchema),
    },
    429: { description: "rate limited" },
    ...errorResponses("public"),
  },
});
const record = secureRoute({
  method: "post",
  path: "/api/v1/requests/record",
  auth: "requests:write",
  tags: TAGS,
  summary: "Record a request received by letter, phone or at a counter (PIPL Art. 50); with verifiedNote it starts in progress, else a code goes out",
  request: { headers: S.IdempotencyHeaderSchema, ...body(S.RecordRequestSchema) },
  responses: {
    201: { description: "recorded", ...json(S.SubmittedSchema) },
    200: { description: "a retry with the same Idempotency-Key: the request recorded first", ...json(S.SubmittedSchema) },
    ...errorResponses("requests:write"),
  },
});
const verify = secureRoute({
  method: "post",
  path: "/api/v1/requests/{id}/verify",
  auth: "public",
  tags: TAGS,
  summary: "Confirm a request with its one-time code (6 digits, 10 minutes, 5 attempts)",
  request: { params: S.IdParamSchema, ...body(S.VerifySchema) },
  responses: {
    200: { description: "verified; the request is in progress", ...json(S.VerifiedSchema) },
    429: { description: "rate limited" },
    ...errorResponses("public"),
  },
});
const resend = secureRoute({
  method: "post",
  path: "/api/v1/requests/{id}/resend",
  auth: "public",
  tags: TAGS,
  summary: "Send a new one-time code (the old one expired or was used up); same answer whether or not the request exists",
  request: { params: S.IdParamSchema, ...body(z.strictObject({}).openapi("ResendCode")) },
  responses: {
    202: { description: "a code is sent if the request awaits verification", ...json(z.object({ message: z.string() })) },
    429: { description: "rate limited" },
    ...errorResponses("public"),
  },
});
const requesterStatusRoute = secureRoute({
  method: "get",
  path: "/api/v1/requests/{id}/status",
  auth: "public",
  tags: TAGS,
  summary: "The verified requester's view of their request (status, deadline), with X-Requester-Token",
  request: { params: S.IdParamSchema, headers: S.RequesterTokenHeaderSchema },
  responses: { 200: { description: "the request as its requester sees it", ...json(S.RequesterViewSchema) }, ...errorResponses("public") },
});
const withdraw = secureRoute({
  method: "post",
  path: "/api/v1/requests/{id}/withdraw",
  auth: "public",
  tags: TAGS,
  summary: "The verified requester withdraws (cancels) their own open request, with X-Requester-Token (PIPL Art. 50)",
  request: { params: S.IdParamSchema, headers: S.RequesterTokenHeaderSchema, ...body(S.WithdrawSchema) },
  responses: {
    200: { description: "cancelled; the requester is told", ...json(S.RequesterViewSchema) },
    409: { description: "REQUEST_TRANSITION_NOT_ALLOWED: the request is already closed" },
    ...errorResponses("public"),
  },
});
const download = secureRoute({
  method: "get",
  path: "/api/v1/requests/{id}/export/{token}",
  auth: "public",
  tags: TAGS,
  summary: "Download the export package (ZIP) through the expiring link sent to the verified requester",
  request: { params: z.object({ id: z.string().min(1).max(64), token: z.string().min(1).max(100) }) },
  responses: {
    200: {
      description: "the ZIP: data/<store>/<table>.json|csv, portability.json, summary.html",
      content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses("public"),
  },
});
const list = secureRoute({
  method: "get",
  path: "/api/v1/requests",
  auth: "requests:read",
  tags: TAGS,
  summary: "List rights requests with counts by status, due this week and overdue",
  request: { query: S.ListQuerySchema },
  responses: {
    200: { description: "requests", ...json(z.object({ items: z.array(S.RequestSummarySchema), counts: S.CountsSchema })) },
    ...errorResponses("requests:read"),
  },
});
const countsRoute = secureRoute({
  method: "get",
  path: "/api/v1/requests/counts",
  auth: "requests:read",
  tags: TAGS,
  summary: "Counts of requests by status, open ones due this week (today and the next 6 days) and overdue",
  responses: { 200: { description: "counts", ...json(S.CountsSchema) }, ...errorResponses("requests:read") },
});
const reasons = secureRoute({
  method: "get",
  path: "/api/v1/requests/refusal-reasons",
  auth: "requests:read",
  tags: TAGS,
  summary: "The reasons a request may be refused, each with its legal basis",
  responses: { 200: { description: "reasons", ...json(z.object({ items: z.array(S.RefusalReasonSchema) })) }, ...errorResponses("requests:read") },
});
const show = secureRoute({
  method: "get",
  path: "/api/v1/requests/{id}",
  auth: "requests:read",
  tags: TAGS,
  summary: "One request with its contact, audit trail and extensions",
  request: { params: S.IdParamSchema },
  responses: { 200: { description: "the request", ...json(S.RequestDetailSchema) }, ...errorResponses("requests:read") },
});
const messages = secureRoute({
  method: "get",
  path: "/api/v1/requests/{id}/messages",
  auth: "requests:read",
  tags: TAGS,
  summary: "Messages to the requester and staff for one request (the outbox)",
  request: { params: S.IdParamSchema },
  responses: { 200: { description: "messages", ...json(z.object({ items: z.array(S.MessageSchema) })) }, ...errorResponses("requests:read") },
});

/** A staff action on one request: POST /api/v1/requests/{id}/<action> with a body, answering the summary. */
function action<T extends z.ZodType>(name: string, summary: string, schema: T) {
  return secureRoute({
    method: "post",
    path: `/api/v1/requests/{id}/${name}`,
    auth: "requests:write",
    tags: TAGS,
    summary,
    request: { params: S.IdParamSchema, ...body(schema) },
    responses: {
      200: { description: "the request after the action", ...json(S.RequestSummarySchema) },
      409: { description: "not allowed in this state" },
      ...errorResponses("requests:write"),
    },
  });
}
const assign = action("assign", "Assign the request to a staff user (null unassigns)", S.AssignSchema);
const note = action("notes", "Add an internal note (encrypted, never sent to the requester)", S.NoteSchema);
const extend = action("extend", "Extend the deadline by working days, with a reason the requester is told", S.ExtendSchema);
const verifyIdentity = action("verify-identity", "Record identity verified by other means (say how) and start work", S.NoteSchema);
const complete = action("complete", "Approve and complete a request in progress; the requester is told", S.OptionalNoteSchema);
const refuse = action("refuse", "Refuse with a listed reason and its legal basis (PIPL Art. 50)", S.RefuseSchema);
const cancel = action("cancel", "Cancel (the requester withdrew the request)", S.OptionalNoteSchema);
const run = secureRoute({
  method: "post",
  path: "/api/v1/requests/{id}/run",
  auth: "requests:write",
  tags: TAGS,
  summary:
    "Fulfil through the connectors as a job: export (access, copy, portability) or erase (deletion), store by store, retried with backoff; dryRun answers the plan at once",
  request: { params: S.IdParamSchema, ...body(S.RunSchema) },
  responses: {
    200: { description: "dryRun: what would be found or changed, per store and table (counts)", ...json(S.RunResultSchema) },
    202: {
      description: "the run is queued; follow it in GET /api/v1/requests/{id} (runs) or GET /api/v1/requests/{id}/runs/{runId}",
      ...json(S.RunViewSchema),
    },
    501: { description: "no connector configured" },
    ...errorResponses("requests:write"),
  },
});
const getRunRoute = secureRoute({
  method: "get",
  path: "/api/v1/requests/{id}/runs/{runId}",
  auth: "requests:read",
  tags: TAGS,
  summary: "One fulfilment run: its status, attempts, last error and progress store by store",
  request: { params: z.object({ id: z.string().min(1).max(64), runId: z.string().min(1).max(64) }) },
  responses: { 200: { description: "the run", ...json(S.RunViewSchema) }, ...errorResponses("requests:read") },
});

const correct = secureRoute({
  method: "post",
  path: "/api/v1/requests/{id}/correct",
  auth: "requests:write",
  tags: TAGS,
  summary: "Apply a correction (PIPL Art. 46) through the connectors; before and after go to the audit trail, encrypted",
  request: { params: S.IdParamSchema, ...body(S.CorrectSchema) },
  responses: {
    200: { description: "what changed", ...json(S.CorrectionSchema) },
    501: { description: "no connector configured" },
    ...errorResponses("requests:write"),
  },
});

/** The caller's address for rate limits: the socket's peer when served by node, else "unknown". */
function clientIp(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Whose an Idempotency-Key is: the API key or user calling, else (anonymous intake) the client address, blind-indexed. */
function callerScope(c: Context<AppEnv>, ip: string): string {
  const p = c.get("principal");
  if (p?.kind === "api_key") return `key:${p.keyId}`;
  if (p?.kind === "user") return `user:${p.userId}`;
  return `ip:${c.get("ctx").keyring.blindIndex(ip, "rate.ip")}`;
}

function actorOf(c: Context<AppEnv>): Actor {
  const p = c.get("principal");
  return { kind: "staff", id: p?.kind === "user" ? p.userId : p?.kind === "api_key" ? `key:${p.keyId}` : null };
}

/** Rights requests: public intake and code check, and the staff workflow. */
export function registerRequestRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(submit, async (c) => {
    const ip = clientIp(c);
    const key = c.req.valid("header")["idempotency-key"];
    const ctx = c.get("ctx");
    const r = await submitRequest(ctx, { ...c.req.valid("json"), ip }, key ? { idempotency: { scope: callerScope(c, ip), key } } : {});
    if (r.replay) c.header("Idempotent-Replayed", "true");
    // The same answer whoever the contact belongs to: nothing here tells whether a person exists.
    return c.json({ id: r.id, status: r.status, message: "如联系方式有效，验证码已发送。If the contact is valid, a code has been sent to it." }, 202);
  });
  app.openapi(record, async (c) => {
    const { verifiedNote, ...b } = c.req.valid("json");
    const ip = clientIp(c);
    const key = c.req.valid("header")["idempotency-key"];
    const r = await submitRequest(
      c.get("ctx"),
      { ...b, ip },
      {
        staff: { actor: actorOf(c), ...(verifiedNote !== undefined ? { verifiedNote } : {}) },
        ...(key ? { idempotency: { scope: callerScope(c, ip), key } } : {}),
      },
    );
    if (r.replay) c.header("Idempotent-Replayed", "true");
    const message = verifiedNote
      ? "已登记，身份已核验。Recorded; identity verified in person."
      : "已登记，验证码已发送。Recorded; a code has been sent to the contact.";
    return c.json({ id: r.id, status: r.status, message }, r.replay ? 200 : 201);
  });
  app.openapi(verify, async (c) =>
    c.json(await verifyRequest(c.get("ctx"), { id: c.req.valid("param").id, code: c.req.valid("json").code, ip: clientIp(c) }), 200),
  );
  app.openapi(resend, async (c) => {
    await resendCode(c.get("ctx"), { id: c.req.valid("param").id, ip: clientIp(c) });
    return c.json({ message: "如申请仍待核验，新的验证码已发送。If the request awaits verification, a new code has been sent." }, 202);
  });
  app.openapi(requesterStatusRoute, async (c) =>
    c.json(await requesterStatus(c.get("ctx"), c.req.valid("param").id, c.req.valid("header")["x-requester-token"]), 200),
  );
  app.openapi(withdraw, async (c) =>
    c.json(await withdrawByRequester(c.get("ctx"), c.req.valid("param").id, c.req.valid("header")["x-requester-token"], c.req.valid("json").reason), 200),
  );
  app.openapi(download, async (c) => {
    const { id, token } = c.req.valid("param");
    const zip = await downloadExport(c.get("ctx"), id, token);
    // PIPL Art. 54: the export package is PI leaving pipguard; the requester (a verified subject) downloads it.
    await appendAccess(c.get("ctx"), {
      actor: "requester",
      action: "request_export",
      grantId: null,
      purpose: null,
      target: `request:${id}`,
      subjectIds: [],
      fields: [],
      rowCount: 1,
      justification: null,
    });
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="pipguard-export-${id.replace(/[^A-Za-z0-9-]/g, "")}.zip"`,
      "cache-control": "no-store",
    });
  });
  app.openapi(list, async (c) => {
    const q = c.req.valid("query");
    const svc = new RequestService(c.get("ctx"));
    const filter = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.assigneeId ? { assigneeId: q.assigneeId } : {}),
      ...(q.dueBy ? { dueBy: q.dueBy } : {}),
      ...(q.overdue === "true" ? { overdue: true } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
      ...(q.after ? { after: q.after } : {}),
    };
    const [items, counts] = await Promise.all([svc.list(filter), svc.counts()]);
    return c.json({ items, counts }, 200);
  });
  app.openapi(countsRoute, async (c) => c.json(await new RequestService(c.get("ctx")).counts(), 200));
  app.openapi(reasons, (c) => c.json({ items: REFUSAL_REASONS.map((r) => ({ ...r })) }, 200));
  app.openapi(show, async (c) => c.json(await new RequestService(c.get("ctx")).show(c.req.valid("param").id), 200));
  app.openapi(messages, async (c) => c.json({ items: await new RequestService(c.get("ctx")).messages(c.req.valid("param").id) }, 200));
  app.openapi(assign, async (c) =>
    c.json(await new RequestService(c.get("ctx")).assign(c.req.valid("param").id, c.req.valid("json").assigneeId, actorOf(c)), 200),
  );
  app.openapi(note, async (c) => c.json(await new RequestService(c.get("ctx")).addNote(c.req.valid("param").id, c.req.valid("json").note, actorOf(c)), 200));
  app.openapi(extend, async (c) => c.json(await new RequestService(c.get("ctx")).extend(c.req.valid("param").id, c.req.valid("json"), actorOf(c)), 200));
  app.openapi(verifyIdentity, async (c) =>
    c.json(await new RequestService(c.get("ctx")).verifyIdentity(c.req.valid("param").id, c.req.valid("json").note, actorOf(c)), 200),
  );
  app.openapi(complete, async (c) =>
    c.json(await new RequestService(c.get("ctx")).complete(c.req.valid("param").id, actorOf(c), c.req.valid("json").note), 200),
  );
  app.openapi(refuse, async (c) => {
    const b = c.req.valid("json");
    return c.json(await new RequestService(c.get("ctx")).refuse(c.req.valid("param").id, b.reason, actorOf(c), b.note), 200);
  });
  app.openapi(cancel, async (c) => c.json(await new RequestService(c.get("ctx")).cancel(c.req.valid("param").id, actorOf(c), c.req.valid("json").note), 200));
  app.openapi(correct, async (c) => c.json(await new RequestService(c.get("ctx")).correct(c.req.valid("param").id, c.req.valid("json"), actorOf(c)), 200));
  app.openapi(run, async (c) => {
    const b = c.req.valid("json");
    const svc = new RequestService(c.get("ctx"));
    const id = c.req.valid("param").id;
    const stores = b.stores ? { stores: b.stores } : {};
    if (b.dryRun) return c.json(await svc.plan(id, stores), 200);
    return c.json(await svc.startRun(id, actorOf(c), stores), 202);
  });
  app.openapi(getRunRoute, async (c) => {
    const { id, runId } = c.req.valid("param");
    const r = await getRun(c.get("ctx"), runId);
    if (!r || r.requestId !== id) throw new DomainError("NOT_FOUND", "no such run of this request");
    return c.json(r, 200);
  });
}
