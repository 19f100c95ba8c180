/**
 * Protection administration: contractors and their keys, views, grants, alerts, the access log
 * (PIPL Art. 54 audits) and leak tracing.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  accessLogCsv,
  accessLogCsvHeader,
  accessLogPages,
  createContractor,
  createContractorKey,
  createGrant,
  listAlerts,
  listContractors,
  listGrants,
  listViews,
  saveView,
  setGrantStatus,
  traceLeak,
  verifyAccessLog,
} from "../../../access/index.js";
import type { Principal } from "../../../auth/permissions.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import {
  AccessVerifySchema,
  AlertSchema,
  ContractorKeySchema,
  ContractorSchema,
  GrantInputSchema,
  GrantSchema,
  json,
  TraceInputSchema,
  TraceSchema,
  ViewSchema,
  ViewSpecSchema,
} from "./schemas.js";

const M = "access:manage" as const;
const R = "access:read" as const;
const base = "/api/v1/protection";
const Id = z.object({ id: z.string().min(1).max(64) });

const listContractorsRoute = secureRoute({
  method: "get",
  path: `${base}/contractors`,
  auth: R,
  tags: ["protection"],
  summary: "List contractors (受托人)",
  responses: { 200: { description: "contractors", ...json(z.object({ items: z.array(ContractorSchema) })) }, ...errorResponses(R) },
});
const createContractorRoute = secureRoute({
  method: "post",
  path: `${base}/contractors`,
  auth: M,
  tags: ["protection"],
  summary: "Create a contractor",
  request: { body: { required: true, ...json(z.strictObject({ name: z.string().min(1).max(200) })) } },
  responses: { 201: { description: "created", ...json(ContractorSchema) }, ...errorResponses(M) },
});
const createKeyRoute = secureRoute({
  method: "post",
  path: `${base}/contractors/{id}/keys`,
  auth: M,
  tags: ["protection"],
  summary: "Issue a contractor key (permission access:pull only); the secret is returned once",
  request: { params: Id },
  responses: { 201: { description: "created", ...json(ContractorKeySchema) }, ...errorResponses(M) },
});
const listViewsRoute = secureRoute({
  method: "get",
  path: `${base}/views`,
  auth: R,
  tags: ["protection"],
  summary: "List views",
  responses: { 200: { description: "views", ...json(z.object({ items: z.array(ViewSchema) })) }, ...errorResponses(R) },
});
const saveViewRoute = secureRoute({
  method: "post",
  path: `${base}/views`,
  auth: M,
  tags: ["protection"],
  summary: "Create or replace a view: store, table, fields with masks, a structured row filter, the subject column",
  request: { body: { required: true, ...json(ViewSpecSchema) } },
  responses: { 201: { description: "saved", ...json(ViewSchema) }, ...errorResponses(M) },
});
const listGrantsRoute = secureRoute({
  method: "get",
  path: `${base}/grants`,
  auth: R,
  tags: ["protection"],
  summary: "List grants",
  responses: { 200: { description: "grants", ...json(z.object({ items: z.array(GrantSchema) })) }, ...errorResponses(R) },
});
const createGrantRoute = secureRoute({
  method: "post",
  path: `${base}/grants`,
  auth: M,
  tags: ["protection"],
  summary: "Grant a contractor a view for one purpose, until a time, with a daily row quota and allowed hours",
  request: { body: { required: true, ...json(GrantInputSchema) } },
  responses: { 201: { description: "created", ...json(GrantSchema) }, ...errorResponses(M) },
});
const grantStatusRoute = secureRoute({
  method: "post",
  path: `${base}/grants/{id}/{action}`,
  auth: M,
  tags: ["protection"],
  summary: "Revoke, suspend or resume a grant",
  request: { params: z.object({ id: z.string().min(1).max(64), action: z.enum(["revoke", "suspend", "resume"]) }) },
  responses: { 200: { description: "changed", ...json(GrantSchema) }, ...errorResponses(M) },
});
const alertsRoute = secureRoute({
  method: "get",
  path: `${base}/alerts`,
  auth: R,
  tags: ["protection"],
  summary: "Alerts on contractor access (quota, unusual volume, hours, canaries), newest first",
  request: { query: z.object({ grant: z.string().max(64).optional() }) },
  responses: { 200: { description: "alerts", ...json(z.object({ items: z.array(AlertSchema) })) }, ...errorResponses(R) },
});
const verifyRoute = secureRoute({
  method: "get",
  path: `${base}/access-log/verify`,
  auth: R,
  tags: ["protection"],
  summary: "Verify the access log's hash chain: OK, or the first broken position",
  responses: { 200: { description: "verdict", ...json(AccessVerifySchema) }, ...errorResponses(R) },
});
const exportRoute = secureRoute({
  method: "get",
  path: `${base}/access-log`,
  auth: R,
  tags: ["protection"],
  summary: "Export the access log for a compliance audit (PIPL Art. 54), JSON lines or CSV, optionally [from, to)",
  request: {
    query: z.object({
      from: z.string().datetime({ offset: true }).optional(),
      to: z.string().datetime({ offset: true }).optional(),
      format: z.enum(["json", "csv"]).default("json"),
    }),
  },
  responses: {
    200: { description: "entries", content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } } },
    ...errorResponses(R),
  },
});
const traceRoute = secureRoute({
  method: "post",
  path: `${base}/leak-trace`,
  auth: R,
  tags: ["protection"],
  summary: "Name the grant a leaked CSV/JSON file came from, with a confidence",
  request: { body: { required: true, ...json(TraceInputSchema) } },
  responses: { 200: { description: "scores", ...json(TraceSchema) }, ...errorResponses(R) },
});

function actor(p: Principal | undefined): string | null {
  return p?.kind === "user" ? p.userId : p?.kind === "api_key" ? `key:${p.keyId}` : null;
}

/** Registers the protection administration routes. */
export function registerProtectionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listContractorsRoute, async (c) => c.json({ items: await listContractors(c.get("ctx")) }, 200));
  app.openapi(createContractorRoute, async (c) => c.json(await createContractor(c.get("ctx"), c.req.valid("json").name), 201));
  app.openapi(createKeyRoute, async (c) => c.json(await createContractorKey(c.get("ctx"), c.req.valid("param").id, actor(c.get("principal"))), 201));
  app.openapi(listViewsRoute, async (c) => c.json({ items: await listViews(c.get("ctx")) }, 200));
  app.openapi(saveViewRoute, async (c) => c.json(await saveView(c.get("ctx"), c.req.valid("json")), 201));
  app.openapi(listGrantsRoute, async (c) => c.json({ items: await listGrants(c.get("ctx")) }, 200));
  app.openapi(createGrantRoute, async (c) => c.json(await createGrant(c.get("ctx"), c.req.valid("json"), actor(c.get("principal"))), 201));
  app.openapi(grantStatusRoute, async (c) => {
    const { id, action } = c.req.valid("param");
    return c.json(await setGrantStatus(c.get("ctx"), id, action), 200);
  });
  app.openapi(alertsRoute, async (c) => {
    const grant = c.req.valid("query").grant;
    return c.json({ items: await listAlerts(c.get("ctx"), grant ? { grantId: grant } : {}) }, 200);
  });
  app.openapi(verifyRoute, async (c) => c.json(await verifyAccessLog(c.get("ctx")), 200));
  app.openapi(exportRoute, async (c) => {
    const q = c.req.valid("query");
    const pages = accessLogPages(c.get("ctx"), { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
    const enc = new TextEncoder();
    let first = true;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (first && q.format === "csv") controller.enqueue(enc.encode(accessLogCsvHeader()));
        first = false;
        const next = await pages.next();
        if (next.done) return controller.close();
        controller.enqueue(enc.encode(q.format === "csv" ? accessLogCsv(next.value) : `${next.value.map((e) => JSON.stringify(e)).join("\n")}\n`));
      },
    });
    return q.format === "csv"
      ? c.body(body, 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="access-log.csv"' })
      : c.body(body, 200, { "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": 'attachment; filename="access-log.jsonl"' });
  });
  app.openapi(traceRoute, async (c) => {
    const b = c.req.valid("json");
    return c.json(await traceLeak(c.get("ctx"), b.content, b.format), 200);
  });
}
