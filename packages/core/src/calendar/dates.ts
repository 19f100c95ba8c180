import { DomainError } from "../errors.js";

/**
 * Calendar dates as 'YYYY-MM-DD' strings: mainland calendar days, not instants. Arithmetic runs on
 * day numbers (days since 1970-01-01) computed with Date.UTC, so the host time zone never matters.
 */
export type CalendarDate = string;

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Inputs outside these years are refused: no published calendar reaches them and Date.UTC maps 0–99 to 1900+. */
export const SUPPORTED_YEARS = { first: 1900, last: 2199 } as const;

/** True when `s` is a real calendar date written 'YYYY-MM-DD' (2025-02-29 is not). */
export function isCalendarDate(s: unknown): s is CalendarDate {
  if (typeof s !== "string") return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** The day number of a date; INVALID_DATE for anything but a real 'YYYY-MM-DD' date, CALENDAR_RANGE_EXCEEDED outside 1900–2199. */
export function toDayNumber(date: string, field = "date"): number {
  if (!isCalendarDate(date)) throw new DomainError("INVALID_DATE", `${field} must be a real calendar date written YYYY-MM-DD`, { field });
  const y = Number(date.slice(0, 4));
  if (y < SUPPORTED_YEARS.first || y > SUPPORTED_YEARS.last) {
    throw new DomainError("CALENDAR_RANGE_EXCEEDED", `${field} must lie in the years ${SUPPORTED_YEARS.first}–${SUPPORTED_YEARS.last}`, { field });
  }
  return Date.UTC(y, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** The 'YYYY-MM-DD' date of a day number. */
export function fromDayNumber(day: number): CalendarDate {
  const d = new Date(day * MS_PER_DAY);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The date `n` calendar days after (or before, n < 0) `date`. */
export function addDays(date: string, n: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Day of the week of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of the week of a date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return weekdayOfDay(toDayNumber(date));
}

/** True for Saturday and Sunday, the weekly rest days (State Council working-hours rules, 国务院关于职工工作时间的规定). */
export function isWeekendDay(day: number): boolean {
  const w = weekdayOfDay(day);
  return w === 0 || w === 6;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, month: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
