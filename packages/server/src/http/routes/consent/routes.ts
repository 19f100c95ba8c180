import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.js";
import { registerConsentEventRoutes } from "./consents.js";
import { registerDecisionRoutes } from "./decisions.js";
import { registerLedgerRoutes } from "./ledger.js";
import { registerPolicyRoutes } from "./policies.js";
import { registerPublicPolicyPages } from "./public-pages.js";
import { registerWebhookRoutes } from "./webhooks.js";

/** Notices and consent: policies and their public pages, subjects, consents, decisions, prompts, ledger, receipts. */
export function registerConsentRoutes(app: OpenAPIHono<AppEnv>): void {
  registerPolicyRoutes(app);
  registerPublicPolicyPages(app);
  registerConsentEventRoutes(app);
  registerDecisionRoutes(app);
  registerLedgerRoutes(app);
  registerWebhookRoutes(app);
}
