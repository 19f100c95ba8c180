/**
 * Consent statistics from the ledger: grants, refusals and withdrawals per purpose per day, week or
 * month, counted in the operator's time zone. Counts only — no subject ids leave this module.
 */
import { addDays, DomainError, toDayNumber, weekdayOf } from "@pipguard/core";
import { sql } from "kysely";
import type { AppContext } from "../context.js";

export const STAT_BUCKETS = ["day", "week", "month"] as const;
export type StatBucket = (typeof STAT_BUCKETS)[number];

/** One bucket of one purpose. */
export interface ConsentStatPoint {
  /** First calendar day of the bucket (YYYY-MM-DD, operator's time zone). */
  start: string;
  grant: number;
  refuse: number;
  withdraw: number;
}

export interface ConsentStats {
  bucket: StatBucket;
  from: string;
  to: string;
  timezone: string;
  buckets: string[];
  series: { purpose: string; points: ConsentStatPoint[] }[];
}

/** The longest range one call may ask for (the ledger is read grouped by hour). */
export const MAX_STAT_DAYS = 400;

/** The bucket a calendar date falls in: itself, the Monday of its week, or the 1st of its month. */
export function bucketStart(date: string, bucket: StatBucket): string {
  if (bucket === "day") return date;
  if (bucket === "month") return `${date.slice(0, 8)}01`;
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** Counts ledger events per purpose and bucket between two calendar dates (inclusive). */
export async function consentStats(ctx: AppContext, q: { from?: string; to?: string; bucket?: StatBucket; app?: string }): Promise<ConsentStats> {
  const bucket = q.bucket ?? "day";
  const to = q.to ?? ctx.calendar.today();
  const from = q.from ?? addDays(to, -29);
  const span = toDayNumber(to, "to") - toDayNumber(from, "from");
  if (span < 0) throw new DomainError("VALIDATION_FAILED", "from must not be after to");
  if (span >= MAX_STAT_DAYS) throw new DomainError("CALENDAR_RANGE_EXCEEDED", `at most ${MAX_STAT_DAYS} days per call`);

  const tz = ctx.config.timezone;
  // Read a day more on each side in UTC, then keep what falls in [from, to] in the operator's zone.
  const lo = `${addDays(from, -1)}T00`;
  const hi = `${addDays(to, 2)}T00`;
  const hour = sql<string>`substr(occurred_at, 1, 13)`;
  let query = ctx.db.kysely
    .selectFrom("consent_events")
    .select([hour.as("hour"), "purpose", "action", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("occurred_at", ">=", lo)
    .where("occurred_at", "<", hi);
  if (q.app) query = query.where("app", "=", q.app);
  const rows = await query.groupBy([hour, "purpose", "action"]).execute();

  const localDate = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
  const buckets: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const b = bucketStart(d, bucket);
    if (buckets.at(-1) !== b) buckets.push(b);
  }
  const index = new Map(buckets.map((b, i) => [b, i]));
  const byPurpose = new Map<string, ConsentStatPoint[]>();
  for (const r of rows) {
    const day = localDate.format(new Date(`${r.hour}:00:00Z`));
    if (day < from || day > to) continue;
    const i = index.get(bucketStart(day, bucket));
    if (i === undefined) continue;
    let points = byPurpose.get(r.purpose);
    if (!points) {
      points = buckets.map((start) => ({ start, grant: 0, refuse: 0, withdraw: 0 }));
      byPurpose.set(r.purpose, points);
    }
    const p = points[i] as ConsentStatPoint;
    const n = Number(r.n);
    if (r.action === "grant") p.grant += n;
    else if (r.action === "refuse") p.refuse += n;
    else if (r.action === "withdraw") p.withdraw += n;
  }
  const series = [...byPurpose.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([purpose, points]) => ({ purpose, points }));
  return { bucket, from, to, timezone: tz, buckets, series };
}
