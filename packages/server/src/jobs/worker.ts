import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { AppContext } from "../context.js";
import { HEARTBEAT_MS } from "./heartbeats.js";
import { type Job, storedError } from "./job.js";
import { runJob } from "./run-job.js";
import { CronScheduler } from "./scheduler.js";
import { SCHEDULES, type Schedule } from "./schedules.js";

export interface RunningWorker {
  /** This worker's id in worker_heartbeats and jobs.locked_by. */
  readonly id: string;
  /** Stops claiming, waits for running jobs (bounded by stopTimeoutMs), removes the heartbeat. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  workerId?: string;
  /** Jobs run at once (default 2). */
  concurrency?: number;
  /** Idle wait between claims (default 1 s); a finishing job wakes the loop early. */
  pollMs?: number;
  /** Lease per claim, renewed at a third of it while the job runs (default 5 min). */
  leaseMs?: number;
  heartbeatMs?: number;
  /** How long stop() waits for running jobs (default config.shutdownGraceMs). */
  stopTimeoutMs?: number;
  /** Recurring jobs to enqueue (default SCHEDULES); false turns the scheduler off. */
  schedules?: readonly Schedule[] | false;
  /** Only claim these job types (dedicated workers; tests). */
  types?: readonly string[];
}

const DEFAULTS = { concurrency: 2, pollMs: 1_000, leaseMs: 5 * 60_000 };

/** Starts claiming and running jobs and the cron scheduler, in `serve` or `pipguard worker`. */
export function startWorker(ctx: AppContext, opts: WorkerOptions = {}): RunningWorker {
  const id = opts.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULTS.concurrency);
  const pollMs = opts.pollMs ?? DEFAULTS.pollMs;
  const leaseMs = opts.leaseMs ?? DEFAULTS.leaseMs;
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const stopTimeoutMs = opts.stopTimeoutMs ?? ctx.config.shutdownGraceMs;
  const log = ctx.logger.child({ subsystem: "jobs", workerId: id });
  const schedules = opts.schedules === false ? [] : (opts.schedules ?? SCHEDULES);
  const scheduler =
    schedules.length > 0 ? new CronScheduler({ queue: ctx.jobs, clock: ctx.clock, timezone: ctx.config.timezone, schedules, logger: log }) : undefined;

  const stopSignal = new AbortController();
  // Handlers see this one only when stop() gives up waiting for them.
  const giveUp = new AbortController();
  const active = new Map<string, Promise<void>>();
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  const startedAt = ctx.clock.now().toISOString();
  const beat = () =>
    ctx.jobs.heartbeats.beat({ workerId: id, hostname: hostname(), pid: process.pid, startedAt }).catch((e: unknown) => {
      log.warn({ error: storedError(e) }, "could not write the worker heartbeat");
    });
  ctx.jobs.attachWorker(id, heartbeatMs);
  const firstBeat = beat();
  const beatTimer = setInterval(beat, heartbeatMs);
  beatTimer.unref();

  const launch = (job: Job) => {
    const p = runJob(ctx, job, { workerId: id, leaseMs, signal: giveUp.signal, logger: log }).finally(() => {
      active.delete(job.id);
      wake?.();
    });
    active.set(job.id, p);
  };

  const loop = (async () => {
    await firstBeat;
    while (!stopSignal.signal.aborted) {
      try {
        await scheduler?.tick();
        const free = concurrency - active.size;
        if (free > 0) {
          const jobs = await ctx.jobs.claim(id, leaseMs, { limit: free, ...(opts.types ? { types: opts.types } : {}) });
          for (const job of jobs) launch(job);
        }
      } catch (e) {
        log.error({ error: storedError(e) }, "claiming jobs failed; retrying after the poll interval");
      }
      if (stopSignal.signal.aborted) break;
      // Sleep until the poll interval passes or a running job finishes and frees a slot.
      await sleep(pollMs);
    }
  })();
  log.info({ concurrency, schedules: schedules.map((s) => s.name), timezone: ctx.config.timezone }, "worker started");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      stopSignal.abort();
      wake?.();
      clearInterval(beatTimer);
      await loop;
      if (active.size > 0) {
        log.info({ running: active.size }, "worker stopping: waiting for running jobs");
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          Promise.allSettled([...active.values()]).then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), stopTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) giveUp.abort();
        if (timedOut) log.warn({ running: active.size }, "stop timed out; unfinished jobs run again when their leases expire");
      }
      ctx.jobs.detachWorker(id);
      await ctx.jobs.heartbeats.remove(id).catch(() => undefined);
      log.info("worker stopped");
    })();
    return stopping;
  };
  return { id, stop };
}
