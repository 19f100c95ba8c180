import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DETECTOR_TYPES } from "@pipguard/core";
import { acceptSuggestion, listSuggestions, rejectSuggestion, suggestFields } from "../../../detect/suggestions.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { ownerOf } from "./routes.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const FieldSuggestionSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    table: z.string(),
    column: z.string(),
    piType: z.enum(DETECTOR_TYPES),
    category: z.string(),
    sensitive: z.boolean(),
    share: z.number().openapi({ description: "share of sampled cells that held the type" }),
    sampled: z.number().int(),
    status: z.enum(["pending", "accepted", "rejected"]),
    fieldId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("FieldSuggestion");
const ListSchema = z.object({ items: z.array(FieldSuggestionSchema) }).openapi("FieldSuggestionList");
const ScanStoreSchema = z
  .strictObject({ table: z.string().min(1).max(200).optional(), sample: z.number().int().min(1).max(100_000).optional() })
  .openapi("ScanStoreRequest");
const idParam = z.object({ id: z.string().min(1).max(64) });

const scan = secureRoute({
  method: "post",
  path: "/api/v1/detect/stores/{storeId}/scan",
  auth: "catalog:write",
  tags: ["detect"],
  summary: "Sample a cataloged database and suggest catalog fields for the columns that hold PI",
  request: { params: z.object({ storeId: z.string().min(1).max(64) }), body: { required: false, ...json(ScanStoreSchema) } },
  responses: { 200: { description: "the pending suggestions of the store", ...json(ListSchema) }, ...errorResponses("catalog:write") },
});
const list = secureRoute({
  method: "get",
  path: "/api/v1/detect/suggestions",
  auth: "catalog:read",
  tags: ["detect"],
  summary: "List field suggestions",
  request: { query: z.object({ storeId: z.string().max(64).optional(), status: z.enum(["pending", "accepted", "rejected"]).optional() }) },
  responses: { 200: { description: "suggestions", ...json(ListSchema) }, ...errorResponses("catalog:read") },
});
const accept = secureRoute({
  method: "post",
  path: "/api/v1/detect/suggestions/{id}/accept",
  auth: "catalog:write",
  tags: ["detect"],
  summary: "Accept a suggestion: the column becomes a catalog field",
  request: { params: idParam },
  responses: { 200: { description: "accepted", ...json(FieldSuggestionSchema) }, ...errorResponses("catalog:write") },
});
const reject = secureRoute({
  method: "post",
  path: "/api/v1/detect/suggestions/{id}/reject",
  auth: "catalog:write",
  tags: ["detect"],
  summary: "Reject a suggestion",
  request: { params: idParam },
  responses: { 200: { description: "rejected", ...json(FieldSuggestionSchema) }, ...errorResponses("catalog:write") },
});

/** Catalog field suggestions from column scans. */
export function registerSuggestionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(scan, async (c) => {
    const body = c.req.valid("json") ?? {};
    return c.json({ items: (await suggestFields(c.get("ctx"), c.req.valid("param").storeId, body)) as z.infer<typeof FieldSuggestionSchema>[] }, 200);
  });
  app.openapi(list, async (c) =>
    c.json({ items: (await listSuggestions(c.get("ctx"), c.req.valid("query"))) as z.infer<typeof FieldSuggestionSchema>[] }, 200),
  );
  app.openapi(accept, async (c) =>
    c.json((await acceptSuggestion(c.get("ctx"), c.req.valid("param").id, ownerOf(c.get("principal")))) as z.infer<typeof FieldSuggestionSchema>, 200),
  );
  app.openapi(reject, async (c) =>
    c.json((await rejectSuggestion(c.get("ctx"), c.req.valid("param").id, ownerOf(c.get("principal")))) as z.infer<typeof FieldSuggestionSchema>, 200),
  );
}
