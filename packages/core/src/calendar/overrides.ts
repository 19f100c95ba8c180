import type { DayKind } from "../ports/holiday-calendar.js";
import { isCalendarDate, isWeekendDay, SUPPORTED_YEARS, toDayNumber } from "./dates.js";

/** Every day kind, in the order they are documented. */
export const DAY_KINDS = ["workday", "weekend", "holiday", "adjusted_workday"] as const satisfies readonly DayKind[];

/** The longest override name accepted. */
export const MAX_OVERRIDE_NAME = 100;

/** One problem with an override: which field, a stable code, and a message that never quotes the value. */
export interface OverrideIssue {
  field: "date" | "kind" | "name";
  code: "invalid_date" | "invalid_kind" | "kind_mismatch" | "invalid_name";
  message: string;
}

/** True when `k` is a DayKind. */
export function isDayKind(k: unknown): k is DayKind {
  return typeof k === "string" && (DAY_KINDS as readonly string[]).includes(k);
}

/**
 * Checks an override before it is stored. Kinds must fit the weekday, so the table stays readable:
 * an adjusted working day (调休上班) or a weekend is a Saturday or Sunday, a workday is Monday–Friday;
 * a holiday (放假) may fall on any day.
 */
export function checkOverride(input: { date: unknown; kind: unknown; name?: unknown }): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  const { date, kind, name } = input;
  const y = typeof date === "string" ? Number(date.slice(0, 4)) : Number.NaN;
  const dateOk = isCalendarDate(date) && y >= SUPPORTED_YEARS.first && y <= SUPPORTED_YEARS.last;
  if (!dateOk) issues.push({ field: "date", code: "invalid_date", message: "a real calendar date written YYYY-MM-DD" });
  if (!isDayKind(kind)) issues.push({ field: "kind", code: "invalid_kind", message: `one of ${DAY_KINDS.join(", ")}` });
  if (dateOk && isDayKind(kind) && kind !== "holiday") {
    const weekend = isWeekendDay(toDayNumber(date));
    if ((kind === "workday" && weekend) || (kind !== "workday" && !weekend)) {
      issues.push({
        field: "kind",
        code: "kind_mismatch",
        message: kind === "workday" ? "a workday falls on Monday–Friday (use adjusted_workday for a weekend)" : `${kind} falls on a Saturday or Sunday`,
      });
    }
  }
  if (name !== undefined && name !== null) {
    // Control characters would break CSV exports and terminal tables.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
    if (typeof name !== "string" || name.length > MAX_OVERRIDE_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
      issues.push({ field: "name", code: "invalid_name", message: `text of at most ${MAX_OVERRIDE_NAME} characters without control characters` });
    }
  }
  return issues;
}
