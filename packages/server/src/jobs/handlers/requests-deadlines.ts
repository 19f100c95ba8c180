import { z } from "zod";
import { sweepDeadlines } from "../../requests/deadline-sweep.js";
import { deliverOutbox } from "../../requests/outbox.js";
import { defineHandler } from "../handler.js";

/** Reminders at 5 and 2 working days left, overdue escalation, then a retry of undelivered messages. */
export const requestsDeadlines = defineHandler({
  type: "requests.deadlines",
  description: "rights-request deadline reminders (5 and 2 working days left) and overdue escalation",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run(_payload, { ctx, logger }) {
    const r = await sweepDeadlines(ctx);
    const delivered = await deliverOutbox(ctx);
    logger.info({ ...r, ...delivered }, "rights-request deadlines checked");
  },
});
