/** Ledger verification and export. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
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

/** Registers the ledger routes. */
export function registerLedgerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(verify, async (c) => c.json(await verifyLedger(c.get("ctx")), 200));
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
