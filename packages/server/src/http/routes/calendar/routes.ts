import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import {
  DateParamsSchema,
  DaysQuerySchema,
  DaysSchema,
  DueQuerySchema,
  DueSchema,
  ImportOverridesSchema,
  ImportResultSchema,
  OverrideSchema,
  PutOverrideSchema,
} from "./schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const tags = ["calendar"];

const due = secureRoute({
  method: "get",
  path: "/api/v1/calendar/due",
  auth: "calendar:read",
  tags,
  summary: "The date N working days after a day of receipt (mainland holidays and 调休 included)",
  request: { query: DueQuerySchema },
  responses: { 200: { description: "the due date", ...json(DueSchema) }, ...errorResponses("calendar:read") },
});
const days = secureRoute({
  method: "get",
  path: "/api/v1/calendar/days",
  auth: "calendar:read",
  tags,
  summary: "Each day of a range (at most 400) with its kind, whether it is a working day, and its source",
  request: { query: DaysQuerySchema },
  responses: { 200: { description: "the days", ...json(DaysSchema) }, ...errorResponses("calendar:read") },
});
const listOverrides = secureRoute({
  method: "get",
  path: "/api/v1/calendar/overrides",
  auth: "calendar:read",
  tags,
  summary: "Every calendar override",
  responses: { 200: { description: "overrides", ...json(z.object({ items: z.array(OverrideSchema) })) }, ...errorResponses("calendar:read") },
});
const putOverride = secureRoute({
  method: "put",
  path: "/api/v1/calendar/overrides/{date}",
  auth: "calendar:write",
  tags,
  summary: "Set the kind of one date (e.g. a newly published holiday arrangement)",
  request: { params: DateParamsSchema, body: { required: true, ...json(PutOverrideSchema) } },
  responses: {
    200: { description: "replaced", ...json(OverrideSchema) },
    201: { description: "created", ...json(OverrideSchema) },
    ...errorResponses("calendar:write"),
  },
});
const deleteOverride = secureRoute({
  method: "delete",
  path: "/api/v1/calendar/overrides/{date}",
  auth: "calendar:write",
  tags,
  summary: "Remove the override of one date",
  request: { params: DateParamsSchema },
  responses: { 204: { description: "removed" }, ...errorResponses("calendar:write") },
});
const importOverrides = secureRoute({
  method: "post",
  path: "/api/v1/calendar/overrides/import",
  auth: "calendar:write",
  tags,
  summary: "Import overrides from JSON or CSV (date,kind,name): all rows or none; errors name line and column",
  request: { body: { required: true, ...json(ImportOverridesSchema) } },
  responses: { 200: { description: "imported", ...json(ImportResultSchema) }, ...errorResponses("calendar:write") },
});

/** Working-day calendar: deadlines, day listings and the overrides table. */
export function registerCalendarRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(due, async (c) => {
    const cal = c.get("ctx").calendar;
    await cal.ensureFresh();
    const q = c.req.valid("query");
    const from = q.from ?? cal.today();
    return c.json({ ...cal.addWorkingDays(from, q.workingDays), from, workingDays: q.workingDays }, 200);
  });
  app.openapi(days, async (c) => {
    const cal = c.get("ctx").calendar;
    await cal.ensureFresh();
    const { from, to } = c.req.valid("query");
    return c.json({ from, to, knownYears: cal.knownYears(), days: cal.days(from, to) }, 200);
  });
  app.openapi(listOverrides, async (c) => c.json({ items: await c.get("ctx").calendar.listOverrides() }, 200));
  app.openapi(putOverride, async (c) => {
    const { date } = c.req.valid("param");
    const body = c.req.valid("json");
    const r = await c.get("ctx").calendar.upsertOverride({ date, kind: body.kind, name: body.name ?? null });
    return r.created ? c.json(r.override, 201) : c.json(r.override, 200);
  });
  app.openapi(deleteOverride, async (c) => {
    await c.get("ctx").calendar.deleteOverride(c.req.valid("param").date);
    return c.body(null, 204);
  });
  app.openapi(importOverrides, async (c) => {
    const { format, content } = c.req.valid("json");
    return c.json(await c.get("ctx").calendar.importOverrides(content, format), 200);
  });
}
