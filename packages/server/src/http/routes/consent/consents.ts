/** Subjects, consent events (grant / refuse / withdraw), a subject's consents, and signed receipts. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import type { Principal } from "../../../auth/permissions.js";
import { catalogService } from "../../../catalog/index.js";
import { consentArea } from "../../../consent/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { parsedSynchronously } from "../../validation.js";
import {
  ConsentEventSchema,
  CreateSubjectSchema,
  FindSubjectSchema,
  IdempotencyHeaderSchema,
  IdParamsSchema,
  json,
  PatchSubjectSchema,
  PublicKeySchema,
  RecordConsentBatchResultSchema,
  RecordConsentBatchSchema,
  RecordConsentSchema,
  RecordedConsentSchema,
  SubjectConsentsSchema,
  SubjectSchema,
} from "./schemas.js";

const R = "consent:read" as const;
const W = "consent:write" as const;
const problem = { content: { "application/problem+json": { schema: z.object({ code: z.string() }) } } };

const createSubject = secureRoute({
  method: "post",
  path: "/api/v1/subjects",
  auth: W,
  tags: ["subjects"],
  summary: "Create a data subject; identities are stored encrypted and never returned",
  request: { body: { required: true, ...json(CreateSubjectSchema) } },
  responses: { 201: { description: "created", ...json(SubjectSchema) }, 409: { description: "identity taken", ...problem }, ...errorResponses(W) },
});
const findSubject = secureRoute({
  method: "post",
  path: "/api/v1/subjects/find",
  auth: R,
  tags: ["subjects"],
  summary: "Find a subject by one identity (POST so the value is never in a URL or access log)",
  request: { body: { required: true, ...json(FindSubjectSchema) } },
  responses: { 200: { description: "found", ...json(SubjectSchema) }, ...errorResponses(R) },
});
const getSubject = secureRoute({
  method: "get",
  path: "/api/v1/subjects/{id}",
  auth: R,
  tags: ["subjects"],
  summary: "Get a subject",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "subject", ...json(SubjectSchema) }, ...errorResponses(R) },
});
const patchSubject = secureRoute({
  method: "patch",
  path: "/api/v1/subjects/{id}",
  auth: W,
  tags: ["subjects"],
  summary: "Set a subject's birth date, age band or guardian (PIPL Art. 31)",
  request: { params: IdParamsSchema, body: { required: true, ...json(PatchSubjectSchema) } },
  responses: { 200: { description: "subject", ...json(SubjectSchema) }, ...errorResponses(W) },
});
const record = secureRoute({
  method: "post",
  path: "/api/v1/consents",
  auth: W,
  tags: ["consents"],
  summary: "Record a grant, refusal or withdrawal (withdrawal takes effect at once, PIPL Art. 15); Idempotency-Key makes retries safe",
  request: { headers: IdempotencyHeaderSchema, body: { required: true, ...json(RecordConsentSchema) } },
  responses: {
    201: { description: "recorded", ...json(RecordedConsentSchema) },
    200: { description: "a retry of an already recorded request (same Idempotency-Key)", ...json(RecordedConsentSchema) },
    409: { description: "policy version not current", ...problem },
    ...errorResponses(W),
  },
});
const recordBatch = secureRoute({
  method: "post",
  path: "/api/v1/consents/batch",
  auth: W,
  tags: ["consents"],
  summary: "Record up to 1,000 events in one request (imports, buffering clients); each succeeds or fails on its own",
  description:
    "Events are checked with the same rules as POST /api/v1/consents and appended in order in group commits; every recorded event is durable when the answer arrives. A failed event does not stop the others: its result carries the stable error code. Per-event idempotency keys make a retry of the whole batch safe.",
  request: { body: { required: true, ...json(parsedSynchronously(RecordConsentBatchSchema)) } },
  responses: { 200: { description: "one result per event, in order", ...json(RecordConsentBatchResultSchema) }, ...errorResponses(W) },
});
const subjectConsents = secureRoute({
  method: "get",
  path: "/api/v1/subjects/{id}/consents",
  auth: R,
  tags: ["consents"],
  summary: "A subject's consent state and decision per purpose, and its ledger events",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "consents", ...json(SubjectConsentsSchema) }, ...errorResponses(R) },
});
const getEvent = secureRoute({
  method: "get",
  path: "/api/v1/consents/{id}",
  auth: R,
  tags: ["consents"],
  summary: "One ledger event",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "event", ...json(ConsentEventSchema) }, ...errorResponses(R) },
});
const receipt = secureRoute({
  method: "get",
  path: "/api/v1/consents/{id}/receipt",
  auth: R,
  tags: ["consents"],
  summary: "A consent receipt (Kantara Consent Receipt fields) signed with Ed25519, verifiable offline",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "receipt", ...json(z.record(z.string(), z.unknown())) }, ...errorResponses(R) },
});
const publicKey = secureRoute({
  method: "get",
  path: "/api/v1/receipts/public-key",
  auth: "public",
  tags: ["consents"],
  summary: "The Ed25519 public key that signs consent receipts",
  responses: { 200: { description: "key", ...json(PublicKeySchema) }, ...errorResponses("public") },
});

/** Idempotency keys are scoped to the caller, so two clients choosing the same key never collide. */
function callerKey(principal: Principal | undefined, key: string): string {
  const caller = principal?.kind === "user" ? `user:${principal.userId}` : principal?.kind === "api_key" ? `key:${principal.keyId}` : "anonymous";
  return `${caller}:${key}`;
}

/** Registers subject, consent and receipt routes. */
export function registerConsentEventRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createSubject, async (c) => c.json(await consentArea(c.get("ctx")).subjects.create(c.req.valid("json")), 201));
  app.openapi(findSubject, async (c) => {
    const b = c.req.valid("json");
    return c.json(await consentArea(c.get("ctx")).subjects.find(b.type, b.value), 200);
  });
  app.openapi(getSubject, async (c) => c.json(await consentArea(c.get("ctx")).subjects.get(c.req.valid("param").id), 200));
  app.openapi(patchSubject, async (c) => c.json(await consentArea(c.get("ctx")).subjects.update(c.req.valid("param").id, c.req.valid("json")), 200));
  app.openapi(record, async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const r = await consentArea(c.get("ctx")).consent.record(c.req.valid("json"), key && callerKey(c.get("principal"), key));
    return c.json({ event: r.event, decision: r.decision }, r.replay ? 200 : 201);
  });
  app.openapi(recordBatch, async (c) => {
    const principal = c.get("principal");
    // The parsed item is the input as is (its idempotencyKey is not read as an event field): no copy per event.
    const items = c.req.valid("json").events.map((input) => ({
      input,
      idempotencyKey: input.idempotencyKey && callerKey(principal, input.idempotencyKey),
    }));
    const out = await consentArea(c.get("ctx")).consent.recordMany(items);
    let recorded = 0;
    let replayed = 0;
    let failed = 0;
    const results = out.map((r) => {
      if (r.status === "recorded") recorded++;
      else if (r.status === "replayed") replayed++;
      else failed++;
      return r.event
        ? { index: r.index, status: r.status, id: r.event.id, seq: r.event.seq, hash: r.event.hash }
        : { index: r.index, status: r.status, code: r.error?.code, detail: r.error?.message };
    });
    return c.json({ recorded, replayed, failed, results }, 200);
  });
  app.openapi(subjectConsents, async (c) => {
    const { id } = c.req.valid("param");
    const { consent, subjects } = consentArea(c.get("ctx"));
    await subjects.get(id);
    const events = await consent.repo.eventsOfSubject(id);
    const purposes = [];
    for (const code of (await consent.compiledPurposes()).keys()) {
      const s = await consent.state(id, code);
      const d = await consent.decideFor(id, code);
      purposes.push({ subjectId: id, purpose: code, ...d, state: s?.action ?? null, kind: s?.kind ?? null, at: s?.at ?? null });
    }
    return c.json({ subjectId: id, purposes, events }, 200);
  });
  app.openapi(getEvent, async (c) => {
    const e = await consentArea(c.get("ctx")).consent.repo.findEvent(c.req.valid("param").id);
    if (!e) throw new DomainError("NOT_FOUND", "no such consent event");
    return c.json(e, 200);
  });
  app.openapi(receipt, async (c) => {
    const ctx = c.get("ctx");
    const e = await consentArea(ctx).consent.repo.findEvent(c.req.valid("param").id);
    if (!e) throw new DomainError("NOT_FOUND", "no such consent event");
    const cat = catalogService(ctx);
    const purpose = (await cat.listPurposes()).find((p) => p.code === e.purpose);
    const policyUrl = `${ctx.config.publicUrl ?? ""}/p/${encodeURIComponent(e.app)}/privacy/${e.policyVersion}`;
    const r = await consentArea(ctx).receipts.receipt(e, { organisation: await cat.getOrganisation(), policyUrl, purposeName: purpose?.nameZh ?? null });
    return c.json(r, 200);
  });
  app.openapi(publicKey, async (c) => c.json(await consentArea(c.get("ctx")).receipts.publicKey(), 200));
}
