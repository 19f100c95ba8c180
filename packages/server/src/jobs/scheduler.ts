import type { Clock } from "@pipguard/core";
import { DomainError } from "@pipguard/core";
import { Cron } from "croner";
import type { Logger } from "../logger.js";
import type { JobQueue } from "./queue.js";
import { getHandler } from "./registry.js";
import type { Schedule } from "./schedules.js";

interface Entry {
  schedule: Schedule;
  cron: Cron;
  next: Date | null;
}

/** The dedupe key of one tick: every instance computes the same one, so a tick is enqueued once. */
export function tickKey(name: string, at: Date): string {
  return `cron:${name}:${at.toISOString()}`;
}

/**
 * Turns schedules into jobs. It keeps no timers of its own: the worker calls tick() as it polls,
 * and time comes from the injected clock. Ticks missed while nothing ran are not replayed; after a
 * pause only the latest missed tick is enqueued.
 */
export class CronScheduler {
  private readonly entries: Entry[];

  constructor(private readonly deps: { queue: JobQueue; clock: Clock; timezone: string; schedules: readonly Schedule[]; logger: Logger }) {
    const now = deps.clock.now();
    this.entries = deps.schedules.map((schedule) => {
      if (!getHandler(schedule.type)) throw new DomainError("UNKNOWN_JOB_TYPE", `schedule '${schedule.name}' names unknown job type '${schedule.type}'`);
      try {
        const cron = new Cron(schedule.cron, { timezone: deps.timezone, paused: true });
        return { schedule, cron, next: cron.nextRun(now) };
      } catch {
        throw new DomainError("CONFIG_INVALID", `schedule '${schedule.name}' has an invalid cron pattern, or PIPGUARD_TIMEZONE is not an IANA time zone`);
      }
    });
  }

  /** Enqueues every schedule whose tick is due; returns how many ticks were handled. */
  async tick(): Promise<number> {
    const now = this.deps.clock.now();
    let handled = 0;
    for (const e of this.entries) {
      if (!e.next || e.next > now) continue;
      let due = e.next;
      for (let n = e.cron.nextRun(due); n && n <= now; n = e.cron.nextRun(n)) due = n;
      const { name, type, payload, priority } = e.schedule;
      try {
        const job = await this.deps.queue.enqueue(type, payload ?? {}, {
          dedupeKey: tickKey(name, due),
          runAt: due,
          ...(priority !== undefined ? { priority } : {}),
        });
        this.deps.logger.debug({ subsystem: "jobs", schedule: name, jobId: job.id, tick: due.toISOString() }, "cron tick enqueued");
        e.next = e.cron.nextRun(due);
        handled += 1;
      } catch (err) {
        // Left due: the next poll tries again (the dedupe key keeps it to one job).
        this.deps.logger.error({ subsystem: "jobs", schedule: name, error: (err as Error).message }, "cron tick could not be enqueued");
      }
    }
    return handled;
  }

  /** When each schedule fires next (for `pipguard jobs` and tests). */
  upcoming(): { name: string; next: string | null }[] {
    return this.entries.map((e) => ({ name: e.schedule.name, next: e.next?.toISOString() ?? null }));
  }
}
