/** Ledger verification and export. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { consentStats, STAT_BUCKETS } from "../../../consent/consent-stats.js";
import { ledgerPages, verifyLedger } from "../../../consent/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { json, VerifySchema } from "./schemas.js";

const R = "consent:read" as const;

const verify = secureRoute({
  method: "get",
  path: "/api/v1/ledger/verify",
  auth: R,
  tags: ["ledger"],
  summary: "Verify the consent ledger's hash chain: OK, or the first broken position",
  responses: { 200: { description: "verdict", ...json(VerifySchema) }, ...errorResponses(R) },
});
const exportRoute = secureRoute({
  method: "get",
  path: "/api/v1/ledger/export",
  auth: R,
  tags: ["ledger"],
  summary: "Every ledger event in order, as JSON lines (verifiable with the same chain rules)",
  responses: { 200: { description: "events", content: { "application/x-ndjson": { schema: z.string() } } }, ...errorResponses(R) },
});

const DateString = z.string().max(32).openapi({ format: "date", example: "2025-09-28" });
const StatsQuerySchema = z.object({
  from: DateString.optional().openapi({ description: "first day (YYYY-MM-DD, PIPGUARD_TIMEZONE); default 29 days before `to`" }),
  to: DateString.optional().openapi({ description: "last day, inclusive; default today; at most 400 days after `from`" }),
  bucket: z.enum(STAT_BUCKETS).optional().openapi({ description: "day (default), week (Monday first) or month" }),
  app: z.string().min(1).max(64).optional().openapi({ description: "only events of this app (catalog system key)" }),
});
const StatPointSchema = z.object({ start: z.string(), grant: z.number().int(), refuse: z.number().int(), withdraw: z.number().int() });
const ConsentStatsSchema = z
  .object({
    bucket: z.enum(STAT_BUCKETS),
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
    buckets: z.array(z.string()),
    series: z.array(z.object({ purpose: z.string(), points: z.array(StatPointSchema) })),
  })
  .openapi("ConsentStats");
const stats = secureRoute({
  method: "get",
  path: "/api/v1/ledger/stats",
  auth: R,
  tags: ["ledger"],
  summary: "Grants, refusals and withdrawals per purpose per day, week or month (counts only), for consent and withdrawal rates",
  request: { query: StatsQuerySchema },
  responses: { 200: { description: "counts per purpose and bucket", ...json(ConsentStatsSchema) }, ...errorResponses(R) },
});

/** Registers the ledger routes. */
export function registerLedgerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(verify, async (c) => c.json(await verifyLedger(c.get("ctx")), 200));
  app.openapi(stats, async (c) => c.json(await consentStats(c.get("ctx"), c.req.valid("query")), 200));
  app.openapi(exportRoute, async (c) => {
    const pages = ledgerPages(c.get("ctx"));
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await pages.next();
        if (next.done) return controller.close();
        controller.enqueue(enc.encode(next.value.map((e) => JSON.stringify(e)).join("\n") + "\n"));
      },
    });
    return c.body(body, 200, { "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": 'attachment; filename="consent-ledger.jsonl"' });
  });
}
