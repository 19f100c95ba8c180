import type { AppContext } from "../context.js";
import { runJob } from "../jobs/run-job.js";

/** Runs every due job of the given types through the real job machinery (claim, lease, outcome) — tests. */
export async function drainJobs(ctx: AppContext, types: readonly string[]): Promise<number> {
  let n = 0;
  for (;;) {
    const [job] = await ctx.jobs.claim("test-worker", 60_000, { types });
    if (!job) return n;
    await runJob(ctx, job, { workerId: "test-worker", leaseMs: 60_000, signal: new AbortController().signal, logger: ctx.logger });
    n += 1;
  }
}
