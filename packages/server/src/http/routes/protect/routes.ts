import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { listProtectedColumns, protectColumn } from "../../../protect/protect-column.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const ident = z.string().min(1).max(128);

const ProtectedColumnSchema = z
  .object({
    store: z.string(),
    table: z.string(),
    column: z.string(),
    scheme: z.enum(["aes-256-gcm", "sm4-ctr-hmac-sm3"]),
    keyId: z.string().openapi({ description: "data key new values are encrypted under (the id, never key material)" }),
    indexColumn: z.string().openapi({ description: "the blind-index column beside it" }),
    originalType: z.string().nullable().openapi({ description: "type restored by undo; null when the column was not widened" }),
    status: z.enum(["protecting", "protected", "unprotecting", "rekeying"]),
    rowsDone: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("ProtectedColumn");
const ListSchema = z.object({ items: z.array(ProtectedColumnSchema) }).openapi("ProtectedColumnList");
const StartSchema = z
  .strictObject({
    store: ident,
    table: ident,
    column: ident,
    scheme: z.enum(["aes", "sm4"]),
    batch: z.number().int().min(1).max(100_000).optional(),
    undo: z.boolean().optional().openapi({ description: "decrypt back, drop the blind index and restore the type" }),
    rekey: z
      .boolean()
      .optional()
      .openapi({ description: "re-encrypt values under older data keys with the current one (after a key rotation); the blind index stays" }),
  })
  .openapi("ProtectColumnRequest");
const JobRefSchema = z.object({ jobId: z.string(), type: z.string(), status: z.string() }).openapi("ProtectColumnJob");

const list = secureRoute({
  method: "get",
  path: "/api/v1/protect/columns",
  auth: "catalog:read",
  tags: ["protect"],
  summary: "List the operator columns encrypted in place (保护列), with their scheme, status and progress",
  responses: { 200: { description: "protected columns", ...json(ListSchema) }, ...errorResponses("catalog:read") },
});
const start = secureRoute({
  method: "post",
  path: "/api/v1/protect/columns",
  auth: "catalog:write",
  tags: ["protect"],
  summary: "Start protecting (with undo, unprotecting; with rekey, re-encrypting under the current key) a column of a catalog data store as a background job",
  request: { body: { required: true, ...json(StartSchema) } },
  responses: { 202: { description: "queued; follow it at /api/v1/jobs/{jobId}", ...json(JobRefSchema) }, ...errorResponses("catalog:write") },
});

/** Protected operator columns: list them; start protect/undo/rekey jobs (`protect.column`). */
export function registerProtectRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const items = (await listProtectedColumns(c.get("ctx"))).map((p) => ({
      store: p.store,
      table: p.table,
      column: p.column,
      scheme: p.scheme,
      keyId: p.keyId,
      indexColumn: p.indexColumn,
      originalType: p.originalType,
      status: p.status,
      rowsDone: p.rowsDone,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    }));
    return c.json({ items }, 200);
  });
  app.openapi(start, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    // Checked now (a dry run: unknown store/table/column, no primary key, another scheme…) so the
    // caller gets the error, not a job that fails later. A rekey's dry run would read the whole
    // table; the column's record is enough to refuse what cannot run.
    if (body.rekey) {
      if (body.undo) throw new DomainError("VALIDATION_FAILED", "undo and rekey cannot be combined", { field: "rekey" });
      const state = (await listProtectedColumns(ctx)).find((p) => p.store === body.store && p.table === body.table && p.column === body.column);
      if (!state) throw new DomainError("NOT_FOUND", "the column is not protected", { field: "column" });
      if (state.status !== "protected" && state.status !== "rekeying")
        throw new DomainError("CONFLICT", `the column is ${state.status}; finish that run first`, { status: state.status });
    } else await protectColumn(ctx, { ...body, dryRun: true });
    const job = await ctx.jobs.enqueue("protect.column", body);
    return c.json({ jobId: job.id, type: job.type, status: job.status }, 202);
  });
}
