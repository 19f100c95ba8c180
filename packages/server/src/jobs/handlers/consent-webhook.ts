import { z } from "zod";
import { consentArea } from "../../consent/index.js";
import { defineHandler } from "../handler.js";

/** Delivers one withdrawal notice to one recipient's webhook (at-least-once: receivers dedupe by eventId). */
export const consentWebhook = defineHandler({
  type: "consent.withdrawal-webhook",
  description: "tell a downstream recipient that a subject withdrew consent (PIPL Art. 15), HMAC-signed",
  payload: z.strictObject({
    eventId: z.string().min(1).max(64),
    recipientId: z.string().min(1).max(64),
    subjectId: z.string().min(1).max(64),
    app: z.string().min(1).max(64),
    purpose: z.string().min(1).max(64),
    at: z.string().min(1).max(40),
  }),
  maxAttempts: 10,
  async run(payload, { ctx, signal }) {
    await consentArea(ctx).webhooks.deliver(payload, signal);
  },
});
