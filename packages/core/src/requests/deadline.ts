import { addDays } from "../calendar/dates.js";
import { addWorkingDays, type DueDate, workingDaysBetween } from "../calendar/working-days.js";
import { DomainError } from "../errors.js";
import type { HolidayCalendar } from "../ports/holiday-calendar.js";
import { REQUEST_TYPES, type RequestType } from "./types.js";

/**
 * 深圳市个人信息保护行动方案 (2025): requests are answered within 15 working days (十五个工作日).
 * PIPL Art. 50 requires a timely answer without fixing a period; GB/T 35273-2020 §8.7 c) allows 30
 * days. The stricter Shenzhen figure is the default; an operator may configure shorter per type.
 */
export const DEFAULT_RESPONSE_WORKING_DAYS = 15;
/** Reminders go out when this many working days are left (5, then 2). */
export const REMINDER_DAYS_LEFT = [5, 2] as const;
/** The most working days all extensions of one request may add together (an operator policy). */
export const DEFAULT_MAX_EXTENSION_WORKING_DAYS = 15;

/** Working days to answer, per request type. */
export type DeadlinePolicy = Readonly<Record<RequestType, number>>;

/** The default policy: 15 working days for every type. */
export function defaultDeadlinePolicy(overrides: Partial<Record<RequestType, number>> = {}): DeadlinePolicy {
  const out = {} as Record<RequestType, number>;
  for (const t of REQUEST_TYPES) {
    const n = overrides[t] ?? DEFAULT_RESPONSE_WORKING_DAYS;
    if (!Number.isInteger(n) || n < 1 || n > DEFAULT_RESPONSE_WORKING_DAYS) {
      throw new DomainError("CONFIG_INVALID", `the deadline for ${t} must be 1 to ${DEFAULT_RESPONSE_WORKING_DAYS} working days`);
    }
    out[t] = n;
  }
  return out;
}

/** The due date of a request received on `receivedOn` (a calendar date; that day is not counted). */
export function dueDateFor(cal: HolidayCalendar, opts: { receivedOn: string; type: RequestType; policy?: DeadlinePolicy }): DueDate {
  const policy = opts.policy ?? defaultDeadlinePolicy();
  return addWorkingDays(cal, opts.receivedOn, policy[opts.type]);
}

/** Where a request stands against its deadline on `today`. */
export interface DeadlineState {
  due: string;
  /** Working days after today up to and including the due date; 0 on the due date itself. */
  workingDaysLeft: number;
  isOverdue: boolean;
}

/** The deadline state on `today`: overdue once the due date has passed (the due day itself is still in time). */
export function deadlineState(cal: HolidayCalendar, today: string, due: string): DeadlineState {
  const isOverdue = today > due;
  const left = isOverdue ? 0 : workingDaysBetween(cal, today, due).workingDays;
  return { due, workingDaysLeft: left, isOverdue };
}

/**
 * The days the deadline job sends its reminders for a request received on `receivedOn` and due on
 * `due`: the first day with at most 5 (then 2) working days left. The job runs daily, so these are
 * the dates a requester-facing team sees the reminders arrive.
 */
export function reminderDates(cal: HolidayCalendar, receivedOn: string, due: string): { fiveDaysLeft: string; twoDaysLeft: string } {
  const firstWith = (left: number): string => {
    let d = receivedOn;
    while (d < due && deadlineState(cal, d, due).workingDaysLeft > left) d = addDays(d, 1);
    return d;
  };
  return { fiveDaysLeft: firstWith(REMINDER_DAYS_LEFT[0]), twoDaysLeft: firstWith(REMINDER_DAYS_LEFT[1]) };
}

/** A deadline notice the job may send. */
export type DeadlineAlert = "reminder_5" | "reminder_2" | "overdue";

/** What has already gone out for one request. */
export interface AlertsSent {
  reminder5: boolean;
  reminder2: boolean;
  overdue: boolean;
}

/**
 * The one alert due now, or undefined. The most urgent unsent alert wins; a late job run does not
 * send a stale 5-day reminder after the 2-day one (the caller marks the skipped ones as sent).
 */
export function alertDue(state: DeadlineState, sent: AlertsSent): DeadlineAlert | undefined {
  if (state.isOverdue) return sent.overdue ? undefined : "overdue";
  if (state.workingDaysLeft <= 2) return sent.reminder2 ? undefined : "reminder_2";
  if (state.workingDaysLeft <= 5) return sent.reminder5 || sent.reminder2 ? undefined : "reminder_5";
  return undefined;
}

/** The flags after sending `alert`: it and every less urgent alert count as sent. */
export function markAlertSent(sent: AlertsSent, alert: DeadlineAlert): AlertsSent {
  if (alert === "overdue") return { reminder5: true, reminder2: true, overdue: true };
  if (alert === "reminder_2") return { ...sent, reminder5: true, reminder2: true };
  return { ...sent, reminder5: true };
}

/** The input of an extension. */
export interface ExtensionInput {
  due: string;
  workingDays: number;
  reason: string;
  /** Working days earlier extensions already added. */
  extendedSoFar: number;
  maxTotal?: number;
}

/**
 * A new due date `workingDays` after the current one. PIPL sets no extension; this is an operator
 * practice that must give the requester a reason, so the reason is required and the total capped.
 */
export function extendDeadline(cal: HolidayCalendar, e: ExtensionInput): DueDate {
  const max = e.maxTotal ?? DEFAULT_MAX_EXTENSION_WORKING_DAYS;
  if (!Number.isInteger(e.workingDays) || e.workingDays < 1) throw invalid("workingDays", "an extension is at least one working day");
  if (e.extendedSoFar + e.workingDays > max) {
    throw new DomainError("EXTENSION_LIMIT_REACHED", `extensions may add at most ${max} working days in total`, { max, extendedSoFar: e.extendedSoFar });
  }
  if (!e.reason.trim()) throw invalid("reason", "an extension needs a reason the requester is told");
  return addWorkingDays(cal, e.due, e.workingDays);
}

function invalid(path: string, message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", message, { issues: [{ path, code: "invalid", message }] });
}
