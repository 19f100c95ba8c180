/** Whole-catalog routes: organisation, validation, export, import, and the record of processing activities. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  catalogService,
  checkCatalog,
  exportCatalog,
  importCatalog,
  recordOfProcessing,
  renderDocument,
  renderRopaCsv,
  renderRopaHtml,
} from "../../../catalog/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import {
  ExportQuerySchema,
  ImportBodySchema,
  ImportResultSchema,
  OrganisationSchema,
  PutOrganisationSchema,
  RopaQuerySchema,
  ValidationReportSchema,
} from "./schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const tags = ["catalog"];

const getOrg = secureRoute({
  method: "get",
  path: "/api/v1/catalog/organisation",
  auth: "catalog:read",
  tags,
  summary: "The processor the record of processing is about (个人信息处理者)",
  responses: { 200: { description: "organisation, or null when not set", ...json(OrganisationSchema.nullable()) }, ...errorResponses("catalog:read") },
});
const putOrg = secureRoute({
  method: "put",
  path: "/api/v1/catalog/organisation",
  auth: "catalog:write",
  tags,
  summary: "Set the processor's name and contact",
  request: { body: { required: true, ...json(PutOrganisationSchema) } },
  responses: { 200: { description: "organisation", ...json(OrganisationSchema) }, ...errorResponses("catalog:write") },
});
const validate = secureRoute({
  method: "get",
  path: "/api/v1/catalog/validate",
  auth: "catalog:read",
  tags,
  summary: "Check the stored catalog: errors and compliance warnings with codes and paths",
  responses: { 200: { description: "issues", ...json(ValidationReportSchema) }, ...errorResponses("catalog:read") },
});
const exportRoute = secureRoute({
  method: "get",
  path: "/api/v1/catalog/export",
  auth: "catalog:read",
  tags,
  summary: "Export the catalog as a document (JSON by default, or YAML); connection strings are never exported",
  request: { query: ExportQuerySchema },
  responses: {
    200: {
      description: "catalog document",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) }, "application/yaml": { schema: z.string() } },
    },
    ...errorResponses("catalog:read"),
  },
});
const importRoute = secureRoute({
  method: "post",
  path: "/api/v1/catalog/import",
  auth: "catalog:write",
  tags,
  summary: "Import a catalog document (merge by key); all or nothing, errors named by path",
  request: { body: { required: true, ...json(ImportBodySchema) } },
  responses: {
    200: { description: "what was (or, with dryRun, would be) created and updated", ...json(ImportResultSchema) },
    ...errorResponses("catalog:write"),
  },
});
const ropa = secureRoute({
  method: "get",
  path: "/api/v1/catalog/ropa",
  auth: "catalog:read",
  tags,
  summary: "Record of processing activities (个人信息处理活动记录, PIPL Art. 55): JSON, CSV (UTF-8 with BOM) or a printable HTML page",
  request: { query: RopaQuerySchema },
  responses: {
    200: {
      description: "the record",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) }, "text/csv": { schema: z.string() }, "text/html": { schema: z.string() } },
    },
    ...errorResponses("catalog:read"),
  },
});

/** Registers the whole-catalog routes. */
export function registerCatalogIoRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getOrg, async (c) => c.json(await catalogService(c.get("ctx")).getOrganisation(), 200));
  app.openapi(putOrg, async (c) => c.json(await catalogService(c.get("ctx")).setOrganisation(c.req.valid("json")), 200));
  app.openapi(validate, async (c) => {
    const issues = await checkCatalog(catalogService(c.get("ctx")));
    const errors = issues.filter((i) => i.severity === "error").length;
    return c.json({ errors, warnings: issues.length - errors, issues }, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const doc = await exportCatalog(catalogService(c.get("ctx")));
    if (c.req.valid("query").format === "yaml") return c.body(renderDocument(doc, "yaml"), 200, { "Content-Type": "application/yaml; charset=utf-8" });
    return c.json(doc as unknown as Record<string, unknown>, 200);
  });
  app.openapi(importRoute, async (c) => c.json(await importCatalog(catalogService(c.get("ctx")), c.req.valid("json")), 200));
  app.openapi(ropa, async (c) => {
    const record = await recordOfProcessing(catalogService(c.get("ctx")));
    const format = c.req.valid("query").format ?? "json";
    if (format === "csv") {
      return c.body(renderRopaCsv(record), 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="ropa.csv"' });
    }
    if (format === "html") {
      // A page of escaped text: no scripts may run in it even if escaping were ever missed.
      return c.body(renderRopaHtml(record), 200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      });
    }
    return c.json(record as unknown as Record<string, unknown>, 200);
  });
}
