import { z } from "zod";
import { defineHandler } from "../handler.js";

const DAY_MS = 24 * 60 * 60_000;

/**
 * Keeps the jobs table small: succeeded jobs older than `keepDays` go, and heartbeats of workers
 * silent for a day. Dead and failed jobs stay until someone retries or inspects them.
 */
export const jobsPrune = defineHandler({
  type: "jobs.prune",
  description: "delete old succeeded jobs and heartbeats of long-gone workers",
  payload: z.strictObject({ keepDays: z.number().int().min(1).max(3650).default(14) }),
  maxAttempts: 3,
  async run({ keepDays }, { ctx, logger }) {
    const now = ctx.clock.now().getTime();
    const removed = await ctx.jobs.prune({
      succeededBefore: new Date(now - keepDays * DAY_MS).toISOString(),
      heartbeatsBefore: new Date(now - DAY_MS).toISOString(),
    });
    logger.info(removed, "old jobs pruned");
  },
});
