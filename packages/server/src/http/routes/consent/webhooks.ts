/** Withdrawal webhooks of catalog recipients (PIPL Art. 15 propagated downstream). */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { consentArea } from "../../../consent/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { json } from "./schemas.js";

const WebhookSchema = z.object({ recipientId: z.string(), url: z.string(), createdAt: z.string(), updatedAt: z.string() }).openapi("ConsentWebhook");
const params = z.object({ recipientId: z.string().min(1).max(64) });

const list = secureRoute({
  method: "get",
  path: "/api/v1/consent-webhooks",
  auth: "consent:read",
  tags: ["consents"],
  summary: "Recipients notified when a subject withdraws consent",
  responses: { 200: { description: "webhooks", ...json(z.object({ items: z.array(WebhookSchema) })) }, ...errorResponses("consent:read") },
});
const put = secureRoute({
  method: "put",
  path: "/api/v1/consent-webhooks/{recipientId}",
  auth: "policies:write",
  tags: ["consents"],
  summary: "Set a recipient's withdrawal webhook; a new HMAC secret is returned once",
  request: { params, body: { required: true, ...json(z.strictObject({ url: z.url().max(2000) }).openapi("SetConsentWebhook")) } },
  responses: {
    200: {
      description: "set",
      ...json(WebhookSchema.extend({ secret: z.string().openapi({ description: "shown once: HMAC-SHA256 key of X-Pipguard-Signature" }) })),
    },
    ...errorResponses("policies:write"),
  },
});
const remove = secureRoute({
  method: "delete",
  path: "/api/v1/consent-webhooks/{recipientId}",
  auth: "policies:write",
  tags: ["consents"],
  summary: "Remove a recipient's withdrawal webhook",
  request: { params },
  responses: { 204: { description: "removed" }, ...errorResponses("policies:write") },
});

/** Registers the webhook routes. */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => c.json({ items: await consentArea(c.get("ctx")).webhooks.list() }, 200));
  app.openapi(put, async (c) => c.json(await consentArea(c.get("ctx")).webhooks.set(c.req.valid("param").recipientId, c.req.valid("json").url), 200));
  app.openapi(remove, async (c) => {
    await consentArea(c.get("ctx")).webhooks.remove(c.req.valid("param").recipientId);
    return c.body(null, 204);
  });
}
