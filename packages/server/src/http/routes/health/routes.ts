import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { pendingMigrations } from "../../../storage/migrate.js";
import { secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

const HealthSchema = z.object({ status: z.literal("ok") }).openapi("Health");
const ReadySchema = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({
      database: z.enum(["ok", "down"]),
      migrations: z.enum(["ok", "pending", "unknown"]),
      worker: z.enum(["ok", "stale", "disabled", "unknown"]),
    }),
  })
  .openapi("Readiness");

const healthz = secureRoute({
  method: "get",
  path: "/healthz",
  auth: "public",
  tags: ["health"],
  summary: "The process is up",
  responses: { 200: { description: "alive", content: { "application/json": { schema: HealthSchema } } } },
});

const readyz = secureRoute({
  method: "get",
  path: "/readyz",
  auth: "public",
  tags: ["health"],
  summary: "Database reachable, migrations applied, worker heartbeat fresh",
  responses: {
    200: { description: "ready", content: { "application/json": { schema: ReadySchema } } },
    503: { description: "not ready", content: { "application/json": { schema: ReadySchema } } },
  },
});

/** /healthz and /readyz. */
export function registerHealthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthz, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyz, async (c) => {
    const ctx = c.get("ctx");
    let database: "ok" | "down" = "ok";
    let migrations: "ok" | "pending" | "unknown" = "unknown";
    try {
      await sql`select 1`.execute(ctx.db.kysely);
      migrations = (await pendingMigrations(ctx.db)).length === 0 ? "ok" : "pending";
    } catch {
      database = "down";
    }
    const worker = await ctx.jobs.workerHealth().catch(() => "unknown" as const);
    const ready = database === "ok" && migrations === "ok" && (worker === "ok" || worker === "disabled");
    return c.json({ status: ready ? ("ready" as const) : ("not_ready" as const), checks: { database, migrations, worker } }, ready ? 200 : 503);
  });
}
