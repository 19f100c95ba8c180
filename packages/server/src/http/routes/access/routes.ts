/**
 * Contractor access (委托处理, PIPL Art. 21): contractors pull masked, consent-filtered views with a
 * contractor key and reveal single fields with a written justification.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { contractorOfKey, exportView, MAX_EXPORT_ROWS, pullView, revealField } from "../../../access/index.js";
import type { Principal } from "../../../auth/permissions.js";
import type { AppContext } from "../../../context.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { json, PullSchema, RevealInputSchema, RevealSchema } from "./schemas.js";

const P = "access:pull" as const;
const tooMany = {
  429: {
    description: "Daily row quota exceeded (ACCESS_QUOTA_EXCEEDED); the controller is alerted",
    content: { "application/problem+json": { schema: z.object({}) } },
  },
};

const pull = secureRoute({
  method: "get",
  path: "/api/v1/access/{view}",
  auth: P,
  tags: ["access"],
  summary: "Pull a page of a view as a contractor: masked rows of consenting subjects only (contractor key)",
  request: {
    params: z.object({ view: z.string().min(1).max(63) }),
    query: z.object({
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
      grant: z.string().max(64).optional(),
    }),
  },
  responses: { 200: { description: "a page", ...json(PullSchema) }, ...tooMany, ...errorResponses(P) },
});
const exportRoute = secureRoute({
  method: "get",
  path: "/api/v1/access/{view}/export",
  auth: P,
  tags: ["access"],
  summary: "Export a view as a contractor, streamed (NDJSON or CSV): the same masked rows of consenting subjects as a pull, logged every 10,000 rows",
  request: {
    params: z.object({ view: z.string().min(1).max(63) }),
    query: z.object({
      format: z.enum(["ndjson", "csv"]).default("ndjson"),
      limit: z.coerce.number().int().min(1).max(MAX_EXPORT_ROWS).optional(),
      cursor: z.string().max(2000).optional(),
      grant: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: "rows as they are read: NDJSON ending with an {end} line (rows, exhausted, nextCursor), or CSV with a header row",
      content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } },
    },
    ...tooMany,
    ...errorResponses(P),
  },
});
const reveal = secureRoute({
  method: "post",
  path: "/api/v1/access/{view}/reveal",
  auth: P,
  tags: ["access"],
  summary: "Reveal one field of one row in clear, with a written justification (logged)",
  request: { params: z.object({ view: z.string().min(1).max(63) }), body: { required: true, ...json(RevealInputSchema) } },
  responses: { 200: { description: "the clear value", ...json(RevealSchema) }, ...errorResponses(P) },
});

/** The contractor behind the caller: only contractor keys may pull. */
async function contractorOf(ctx: AppContext, p: Principal | undefined): Promise<{ contractorId: string; keyId: string }> {
  const contractorId = p?.kind === "api_key" ? await contractorOfKey(ctx, p.keyId) : undefined;
  if (!contractorId || p?.kind !== "api_key") throw new DomainError("FORBIDDEN", "this route needs a contractor key");
  return { contractorId, keyId: p.keyId };
}

/** Registers the contractor routes. */
export function registerAccessRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(pull, async (c) => {
    const ctx = c.get("ctx");
    const who = await contractorOf(ctx, c.get("principal"));
    const q = c.req.valid("query");
    const out = await pullView(ctx, {
      ...who,
      view: c.req.valid("param").view,
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.grant ? { grantId: q.grant } : {}),
    });
    return c.json(out, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const ctx = c.get("ctx");
    const who = await contractorOf(ctx, c.get("principal"));
    const q = c.req.valid("query");
    const out = await exportView(ctx, {
      contractorId: who.contractorId,
      view: c.req.valid("param").view,
      format: q.format,
      limit: q.limit,
      cursor: q.cursor,
      grantId: q.grant,
    });
    return c.body(out.body, 200, {
      "Content-Type": out.contentType,
      "Content-Disposition": `attachment; filename="${out.filename}"`,
      "Cache-Control": "no-store",
    });
  });
  app.openapi(reveal, async (c) => {
    const ctx = c.get("ctx");
    const who = await contractorOf(ctx, c.get("principal"));
    const b = c.req.valid("json");
    const out = await revealField(ctx, {
      contractorId: who.contractorId,
      view: c.req.valid("param").view,
      ref: b.ref,
      field: b.field,
      justification: b.justification,
      ...(b.grant ? { grantId: b.grant } : {}),
    });
    return c.json(out, 200);
  });
}
