import { DomainError } from "../errors.js";
import type { DayKind, HolidayCalendar } from "../ports/holiday-calendar.js";
import { type CalendarDate, fromDayNumber, isWeekendDay, toDayNumber } from "./dates.js";
import { type DaySource, LayeredCalendar } from "./layered-calendar.js";

/** The largest n addWorkingDays accepts (about 14 years of working days). */
export const MAX_WORKING_DAYS = 3650;
/** The longest span workingDaysBetween counts (20 years), so a typo cannot make it loop for long. */
export const MAX_SPAN_DAYS = 7305;
/** The longest range listDays returns. */
export const MAX_LISTED_DAYS = 400;

/** A deadline: the due date and whether any day on the way was guessed by the weekly rule. */
export interface DueDate {
  due: CalendarDate;
  /** True when a day after the start fell outside the calendar's known years (computed on weekdays). */
  provisional: boolean;
}

/** Working days between two dates, and whether any of them was guessed by the weekly rule. */
export interface WorkingDayCount {
  /** Working days d with from < d ≤ to; negative (counted the other way) when `to` is before `from`. */
  workingDays: number;
  provisional: boolean;
}

/** One day as the calendar sees it. */
export interface CalendarDay {
  date: CalendarDate;
  kind: DayKind;
  working: boolean;
  source: DaySource;
  /** The day fell outside the known years and was classified by the weekly rule. */
  provisional: boolean;
  name?: string;
}

/** Workdays and adjusted working weekends (调休上班) are working days; weekends and holidays are not. */
export function isWorkingKind(kind: DayKind): boolean {
  return kind === "workday" || kind === "adjusted_workday";
}

/** True when `date` is a working day (a date outside the known years follows the weekly rule). */
export function isWorkingDay(cal: HolidayCalendar, date: string): boolean {
  const day = toDayNumber(date);
  return isWorkingKind(kindOf(cal, day, date).kind);
}

/**
 * The date `n` working days after `from`. Civil Code Art. 201 (民法典第二百零一条): the day of receipt
 * is not counted; counting starts the next day. Weekends and holidays are skipped, adjusted working
 * weekends (调休上班) count, so the result is always a working day (which also satisfies Art. 203).
 * n = 0 answers `from` itself.
 */
export function addWorkingDays(cal: HolidayCalendar, from: string, n: number): DueDate {
  let day = toDayNumber(from, "from");
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new DomainError("VALIDATION_FAILED", `the number of working days must be an integer from 0 to ${MAX_WORKING_DAYS}`, {
      issues: [{ path: "workingDays", code: "out_of_range", message: `an integer from 0 to ${MAX_WORKING_DAYS}` }],
    });
  }
  let provisional = false;
  let left = n;
  while (left > 0) {
    day += 1;
    const r = kindOf(cal, day);
    if (r.provisional) provisional = true;
    if (isWorkingKind(r.kind)) left -= 1;
  }
  return { due: fromDayNumber(day), provisional };
}

/**
 * How many working days lie after `from` up to and including `to` — the working days left until a
 * deadline `to` seen from day `from`. So workingDaysBetween(d, addWorkingDays(d, n).due) = n.
 */
export function workingDaysBetween(cal: HolidayCalendar, from: string, to: string): WorkingDayCount {
  const a = toDayNumber(from, "from");
  const b = toDayNumber(to, "to");
  if (Math.abs(b - a) > MAX_SPAN_DAYS) {
    throw new DomainError("CALENDAR_RANGE_EXCEEDED", `from and to may be at most ${MAX_SPAN_DAYS} days apart`);
  }
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  let provisional = false;
  for (let day = lo + 1; day <= hi; day++) {
    const r = kindOf(cal, day);
    if (r.provisional) provisional = true;
    if (isWorkingKind(r.kind)) count += 1;
  }
  return { workingDays: sign * count, provisional };
}

/** Every day from `from` to `to` inclusive (at most MAX_LISTED_DAYS) with its kind and source. */
export function listDays(cal: HolidayCalendar, from: string, to: string): CalendarDay[] {
  const a = toDayNumber(from, "from");
  const b = toDayNumber(to, "to");
  if (b < a)
    throw new DomainError("VALIDATION_FAILED", "to must not be before from", { issues: [{ path: "to", code: "too_small", message: "on or after from" }] });
  if (b - a + 1 > MAX_LISTED_DAYS) throw new DomainError("CALENDAR_RANGE_EXCEEDED", `at most ${MAX_LISTED_DAYS} days can be listed at once`);
  const out: CalendarDay[] = [];
  for (let day = a; day <= b; day++) out.push(describeDay(cal, fromDayNumber(day)));
  return out;
}

/** One day with its kind, whether it is a working day, where the kind came from, and its name. */
export function describeDay(cal: HolidayCalendar, date: string): CalendarDay {
  const r = kindOf(cal, toDayNumber(date), date);
  const source: DaySource = r.provisional ? "weekday-rule" : cal instanceof LayeredCalendar ? cal.sourceOf(date) : "base";
  const name = r.provisional ? undefined : cal.dayName?.(date);
  return { date, kind: r.kind, working: isWorkingKind(r.kind), source, provisional: r.provisional, ...(name ? { name } : {}) };
}

/** The calendar's kind for a day, or the weekly rule (provisional) where the calendar knows nothing. */
function kindOf(cal: HolidayCalendar, day: number, date = fromDayNumber(day)): { kind: DayKind; provisional: boolean } {
  const known = cal.dayKind(date);
  if (known !== undefined) return { kind: known, provisional: false };
  return { kind: isWeekendDay(day) ? "weekend" : "workday", provisional: true };
}
