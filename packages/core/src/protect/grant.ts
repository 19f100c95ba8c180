/**
 * Grants: who (an entrusted contractor, 受托人) may read which view, for which purpose, until when,
 * how many rows a day and at which hours. PIPL Art. 21: the processor agrees the purpose, period
 * and method with the contractor and supervises its processing; Art. 51(3)/(4): access control.
 */
import { DomainError } from "../errors.js";

export type GrantStatus = "active" | "suspended" | "revoked";

/** Allowed hours in Asia/Shanghai: from `start` (inclusive) to `end` (exclusive), 0–24; start > end wraps midnight. */
export interface AllowedHours {
  start: number;
  end: number;
}

/** What a pull is checked against. */
export interface GrantFacts {
  id: string;
  status: GrantStatus;
  expiresAt: string;
  dailyRowQuota: number;
  allowedHours: AllowedHours | null;
}

/** China Standard Time has been UTC+8 all year since 1991 (no daylight saving), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai of an instant; quotas reset at local midnight. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour (0–23) in Asia/Shanghai. */
export function shanghaiHour(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** True when `at` falls in the allowed hours (always, when none are set). */
export function isWithinHours(hours: AllowedHours | null, at: Date): boolean {
  if (!hours) return true;
  const h = shanghaiHour(at);
  if (hours.start === hours.end) return true;
  return hours.start < hours.end ? h >= hours.start && h < hours.end : h >= hours.start || h < hours.end;
}

/** Validates allowed hours. */
export function validateHours(hours: AllowedHours): AllowedHours {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= 24;
  if (!ok(hours.start) || !ok(hours.end)) throw new DomainError("VALIDATION_FAILED", "allowedHours: whole hours 0–24", { field: "allowedHours" });
  return hours;
}

/** Refuses a grant that is revoked, suspended or expired (stable codes; HTTP 403). */
export function assertGrantUsable(g: GrantFacts, now: Date): void {
  if (g.status === "revoked") throw new DomainError("GRANT_REVOKED", "this grant has been revoked");
  if (g.status === "suspended") throw new DomainError("GRANT_SUSPENDED", "this grant is suspended; ask the data controller");
  if (Date.parse(g.expiresAt) <= now.getTime()) throw new DomainError("GRANT_EXPIRED", "this grant has expired (PIPL Art. 21: the agreed period is over)");
}

/** True when pulling `rows` more today would pass the daily quota. */
export function exceedsQuota(g: GrantFacts, usedToday: number, rows: number): boolean {
  return usedToday + rows > g.dailyRowQuota;
}

/** The median of a list of numbers (0 for an empty list). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** How many times the 7-day median a day's volume must exceed to be unusual. */
export const UNUSUAL_VOLUME_FACTOR = 3;

/**
 * Unusual volume: today's rows above 3x the median of the previous seven days' daily rows (days
 * without pulls count as 0). With no history (median 0) nothing is unusual: the quota caps it.
 */
export function isUnusualVolume(todayRows: number, previousSevenDays: readonly number[]): { unusual: boolean; median: number } {
  const m = median(previousSevenDays);
  return { unusual: m > 0 && todayRows > UNUSUAL_VOLUME_FACTOR * m, median: m };
}

/** The seven Shanghai days before `at`'s day, oldest first. */
export function previousSevenDays(at: Date): string[] {
  const out: string[] = [];
  for (let i = 7; i >= 1; i--) out.push(shanghaiDay(new Date(at.getTime() - i * 86_400_000)));
  return out;
}

/** Minimum length of a reveal justification (a written reason, PIPL Art. 21 supervision). */
export const MIN_JUSTIFICATION_LENGTH = 15;

/** Refuses a reveal without a written justification of at least MIN_JUSTIFICATION_LENGTH characters. */
export function assertJustification(text: string | undefined): string {
  const t = (text ?? "").trim();
  if ([...t].length < MIN_JUSTIFICATION_LENGTH)
    throw new DomainError("JUSTIFICATION_REQUIRED", `revealing a field needs a written justification of at least ${MIN_JUSTIFICATION_LENGTH} characters`);
  return t;
}
