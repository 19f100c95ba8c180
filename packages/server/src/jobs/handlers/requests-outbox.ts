import { z } from "zod";
import { deliverOutbox } from "../../requests/outbox.js";
import { defineHandler } from "../handler.js";

/** Delivers rights-request messages (one by id, or every due one); a sent message is never resent. */
export const requestsOutbox = defineHandler({
  type: "requests.outbox",
  description: "deliver rights-request messages (codes, notices) through e-mail, SMS or the console",
  payload: z.strictObject({ messageId: z.string().min(1).max(64).optional() }),
  maxAttempts: 3,
  async run(payload, { ctx, logger }) {
    const r = await deliverOutbox(ctx, payload.messageId ? { messageId: payload.messageId } : {});
    logger.info(r, "outbox delivered");
  },
});
