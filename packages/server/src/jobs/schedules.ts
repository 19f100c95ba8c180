/** A recurring job, declared in code. */
export interface Schedule {
  /** Stable name; part of each tick's dedupe key. */
  name: string;
  /** Cron pattern (5 fields, or 6 with seconds), read in the configured time zone (PIPGUARD_TIMEZONE). */
  cron: string;
  type: string;
  payload?: Record<string, unknown>;
  priority?: number;
}

/** Every recurring job. Times are local to PIPGUARD_TIMEZONE (default Asia/Shanghai). */
export const SCHEDULES: readonly Schedule[] = [
  { name: "sessions.cleanup", cron: "5 * * * *", type: "sessions.cleanup" },
  // 03:30 local: the quiet hour for a mainland deployment.
  { name: "jobs.prune", cron: "30 3 * * *", type: "jobs.prune", priority: 10 },
  // Hourly: rights-request reminders at 5 and 2 working days left and overdue escalation (idempotent).
  { name: "requests.deadlines", cron: "15 * * * *", type: "requests.deadlines" },
  // Hourly: token vaults past their expiry hold PI nobody may restore any more.
  { name: "detect.vaults-purge", cron: "25 * * * *", type: "detect.vaults-purge" },
];
