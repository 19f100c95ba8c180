import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { renderAuditHtml, renderAuditMarkdown, renderNoticeCsv, renderNoticeHtml } from "@pipguard/core";
import { InspectionService } from "../../../audit/inspection-service.js";
import { renderNoticeXlsx } from "../../../audit/notice-xlsx.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const tags = ["audit"];
const HTML_HEADERS = { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" };

const DeclaredSdkSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    vendor: z.string().max(200).optional(),
    purpose: z.string().max(500).optional(),
    piTypes: z.array(z.string().max(100)).max(100).default([]),
    packagePrefixes: z.array(z.string().max(200)).max(50).default([]),
    hosts: z.array(z.string().max(200)).max(50).optional(),
  })
  .openapi("DeclaredSdk");

const InspectSchema = z
  .strictObject({
    trace: z.record(z.string(), z.unknown()).openapi({ description: "a pi-trace/1 document (shared/specs/pi-trace.md)" }),
    policy: z.string().max(2_000_000).optional().openapi({ description: "privacy policy text, HTML or Markdown" }),
    sdkList: z.array(DeclaredSdkSchema).max(500).optional(),
    manifestPermissions: z.array(z.string().max(200)).max(500).optional(),
    appType: z.string().max(50).optional().openapi({ description: "one of the 39 app types, e.g. 网上购物类" }),
    batch: z.string().min(1).max(200).optional(),
    deadline: z.string().max(10).optional().openapi({ description: "rectification deadline YYYY-MM-DD" }),
    previousId: z.string().max(64).optional().openapi({ description: "the earlier inspection this one re-inspects" }),
  })
  .openapi("InspectRequest");

const SummarySchema = z
  .object({
    id: z.string(),
    batch: z.string().nullable(),
    app: z.object({
      name: z.string().nullable(),
      packageName: z.string().nullable(),
      version: z.string().nullable(),
      developer: z.string().nullable(),
      source: z.string().nullable(),
      appType: z.string().nullable(),
    }),
    deadline: z.string().nullable(),
    status: z.enum(["open", "clean", "rectified", "not_rectified"]),
    findingsCount: z.number().int(),
    labels: z.array(z.string()),
    previousId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("InspectionSummary");
const InspectionSchema = SummarySchema.extend({
  report: z.record(z.string(), z.unknown()).openapi({ description: "pipguard-audit/1 report" }),
  rectification: z.record(z.string(), z.unknown()).nullable(),
}).openapi("Inspection");

const create = secureRoute({
  method: "post",
  path: "/api/v1/audit/inspections",
  auth: "audit:write",
  tags,
  summary: "Audit one app test session and store the inspection (re-inspection when previousId is given)",
  request: { body: { required: true, ...json(InspectSchema) } },
  responses: { 201: { description: "stored inspection", ...json(InspectionSchema) }, ...errorResponses("audit:write") },
});
const list = secureRoute({
  method: "get",
  path: "/api/v1/audit/inspections",
  auth: "audit:read",
  tags,
  summary: "List inspections, newest first",
  request: {
    query: z.object({
      batch: z.string().max(200).optional(),
      packageName: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: { 200: { description: "inspections", ...json(z.object({ items: z.array(SummarySchema) })) }, ...errorResponses("audit:read") },
});
const getOne = secureRoute({
  method: "get",
  path: "/api/v1/audit/inspections/{id}",
  auth: "audit:read",
  tags,
  summary: "One inspection with its report and re-inspection result",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: { description: "inspection", ...json(InspectionSchema) }, ...errorResponses("audit:read") },
});
const report = secureRoute({
  method: "get",
  path: "/api/v1/audit/inspections/{id}/report",
  auth: "audit:read",
  tags,
  summary: "The inspection report as a self-contained HTML page or Markdown",
  request: {
    params: z.object({ id: z.string().min(1).max(64) }),
    query: z.object({ format: z.enum(["html", "md"]).optional(), lang: z.enum(["zh", "en"]).optional() }),
  },
  responses: {
    200: { description: "report", content: { "text/html": { schema: z.string() }, "text/markdown": { schema: z.string() } } },
    ...errorResponses("audit:read"),
  },
});
const notice = secureRoute({
  method: "get",
  path: "/api/v1/audit/notice",
  auth: "audit:read",
  tags,
  summary: "The notice of a batch (序号 | 应用名称 | 应用开发者 | 应用来源 | 应用版本 | 所涉问题): JSON, CSV, HTML or XLSX",
  request: {
    query: z.object({
      batch: z.string().min(1).max(200),
      deadline: z.string().max(10).optional(),
      format: z.enum(["json", "csv", "html", "xlsx"]).optional(),
    }),
  },
  responses: {
    200: {
      description: "notice",
      content: {
        "application/json": { schema: z.record(z.string(), z.unknown()) },
        "text/csv": { schema: z.string() },
        "text/html": { schema: z.string() },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string() },
      },
    },
    ...errorResponses("audit:read"),
  },
});

/** App compliance audit: inspections, reports and notices. */
export function registerAuditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const p = c.get("principal");
    const createdBy = p?.kind === "user" ? p.userId : p?.kind === "api_key" ? `key:${p.keyId}` : null;
    const inspection = await new InspectionService(c.get("ctx")).inspect({ ...body, createdBy });
    return c.json(toJson(inspection), 201);
  });
  app.openapi(list, async (c) => c.json({ items: await new InspectionService(c.get("ctx")).list(c.req.valid("query")) }, 200));
  app.openapi(getOne, async (c) => c.json(toJson(await new InspectionService(c.get("ctx")).get(c.req.valid("param").id)), 200));
  app.openapi(report, async (c) => {
    const q = c.req.valid("query");
    const i = await new InspectionService(c.get("ctx")).get(c.req.valid("param").id);
    const lang = q.lang ?? "zh";
    if (q.format === "md") return c.body(renderAuditMarkdown(i.report, { lang }), 200, { "Content-Type": "text/markdown; charset=utf-8" });
    return c.body(renderAuditHtml(i.report, { lang }), 200, HTML_HEADERS);
  });
  app.openapi(notice, async (c) => {
    const q = c.req.valid("query");
    const n = await new InspectionService(c.get("ctx")).notice(q.batch, q.deadline);
    if (q.format === "csv")
      return c.body(renderNoticeCsv(n), 200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="notice.csv"' });
    if (q.format === "html") return c.body(renderNoticeHtml(n), 200, HTML_HEADERS);
    if (q.format === "xlsx") {
      const buf = await renderNoticeXlsx(n);
      return c.body(buf.slice().buffer as ArrayBuffer, 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": 'attachment; filename="notice.xlsx"',
      });
    }
    return c.json(n as unknown as Record<string, unknown>, 200);
  });
}

function toJson<T extends { report: unknown; rectification: unknown }>(i: T) {
  return { ...i, report: i.report as Record<string, unknown>, rectification: i.rectification as Record<string, unknown> | null };
}
