import { z } from "zod";
import { defineHandler } from "../handler.js";

/** Deletes expired admin sessions, so an old cookie cannot even be looked up. */
export const sessionsCleanup = defineHandler({
  type: "sessions.cleanup",
  description: "delete expired admin sessions",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run(_payload, { ctx, logger }) {
    const deleted = await ctx.auth.repo.deleteExpiredSessions(ctx.clock.now().toISOString());
    logger.info({ deleted }, "expired sessions deleted");
  },
});
