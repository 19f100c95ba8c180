import type { AppContext } from "../context.js";
import type { Logger } from "../logger.js";
import { type Job, PermanentJobError, storedError } from "./job.js";
import { getHandler } from "./registry.js";

export interface RunJobOptions {
  workerId: string;
  leaseMs: number;
  /** Aborted by the worker when it stops waiting for this job. */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * Runs one leased job: renews the lease while the handler works, then records success or failure.
 * Logs the job's id, type, attempt and outcome — never its payload.
 */
export async function runJob(ctx: AppContext, job: Job, opts: RunJobOptions): Promise<void> {
  const log = opts.logger.child({ jobId: job.id, type: job.type, attempt: job.attempts });
  const abort = new AbortController();
  const onStop = () => abort.abort(new Error("the worker is stopping"));
  opts.signal.addEventListener("abort", onStop, { once: true });
  // Renew at a third of the lease, so two renewals can fail before another worker may take over.
  const renew = setInterval(
    () => {
      ctx.jobs.extendLease(job, opts.workerId, opts.leaseMs).then(
        (held) => {
          if (!held && !abort.signal.aborted) {
            log.warn("job lease lost; another worker may run it");
            abort.abort(new Error("the job's lease was lost"));
          }
        },
        () => log.warn("could not renew the job lease"),
      );
    },
    Math.max(Math.floor(opts.leaseMs / 3), 10),
  );
  const started = performance.now();
  let failure: { error: unknown } | undefined;
  try {
    const handler = getHandler(job.type);
    if (!handler) throw new PermanentJobError(`no handler is registered for job type '${job.type}'`);
    let payload = job.payload;
    if (handler.payload) {
      const parsed = handler.payload.safeParse(payload);
      if (!parsed.success) throw new PermanentJobError("the stored payload does not match the job's schema");
      payload = parsed.data;
    }
    await handler.run(payload, { ctx, jobId: job.id, attempt: job.attempts, signal: abort.signal, logger: log });
  } catch (error) {
    failure = { error };
  } finally {
    clearInterval(renew);
    opts.signal.removeEventListener("abort", onStop);
  }
  const durationMs = Math.round(performance.now() - started);
  try {
    if (!failure) {
      const held = await ctx.jobs.complete(job, opts.workerId);
      if (held) log.info({ durationMs }, "job succeeded");
      else log.warn({ durationMs }, "job finished after its lease was lost; its result was not recorded");
      return;
    }
    const status = await ctx.jobs.fail(job, opts.workerId, failure.error);
    const fields = { durationMs, status: status ?? "lease_lost", error: storedError(failure.error) };
    if (status === "queued") log.warn(fields, "job attempt failed; it will be retried");
    else log.error(fields, status ? `job ${status}` : "job failed after its lease was lost");
  } catch (dbErr) {
    log.error({ error: storedError(dbErr) }, "could not record a job outcome; the lease will expire and the job run again");
  }
}
