import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import type { DayKind, HolidayCalendar } from "../ports/holiday-calendar.js";
import { addDays, weekdayOf } from "./dates.js";
import { addWorkingDays, isWorkingDay, MAX_WORKING_DAYS, workingDaysBetween } from "./working-days.js";

/**
 * A hand-made HolidayCalendar that knows 2025 only, with the 2025 National Day arrangement
 * (国务院办公厅 2024-11-12): 10/1–10/8 off, Sunday 9/28 and Saturday 10/11 are working days (调休上班).
 */
function fakeCalendar(): HolidayCalendar {
  const listed = new Map<string, DayKind>([
    ["2025-09-28", "adjusted_workday"],
    ["2025-10-11", "adjusted_workday"],
  ]);
  for (let d = 1; d <= 8; d++) listed.set(`2025-10-0${d}`, "holiday");
  return {
    dayKind(date) {
      if (!date.startsWith("2025-")) return undefined;
      const w = weekdayOf(date);
      return listed.get(date) ?? (w === 0 || w === 6 ? "weekend" : "workday");
    },
    knownYears: () => ({ first: 2025, last: 2025 }),
  };
}

const cal = fakeCalendar();

describe("addWorkingDays", () => {
  it("does not count the day of receipt (Civil Code Art. 201)", () => {
    // Monday 3/3 received → day 1 is Tuesday 3/4, not Monday itself.
    assert.deepEqual(addWorkingDays(cal, "2025-03-03", 1), { due: "2025-03-04", provisional: false });
  });

  it("skips Saturdays and Sundays", () => {
    assert.equal(addWorkingDays(cal, "2025-03-07", 1).due, "2025-03-10"); // Fri → Mon
    assert.equal(addWorkingDays(cal, "2025-03-08", 1).due, "2025-03-10"); // received Sat → Mon
    assert.equal(addWorkingDays(cal, "2025-03-03", 10).due, "2025-03-17"); // two full weeks
  });

  it("skips statutory holidays", () => {
    // Tue 9/30 + 1: 10/1–10/8 are off, Thu 10/9 is the first working day.
    assert.equal(addWorkingDays(cal, "2025-09-30", 1).due, "2025-10-09");
  });

  it("counts an adjusted working weekend (调休上班)", () => {
    assert.equal(addWorkingDays(cal, "2025-10-10", 1).due, "2025-10-11"); // Fri → the working Saturday
    assert.equal(addWorkingDays(cal, "2025-09-27", 1).due, "2025-09-28"); // Sat → the working Sunday
  });

  it("gives 2025-10-24 for 15 working days from Sunday 2025-09-28", () => {
    // 9/29, 9/30 (2) · 10/1–10/8 off · 10/9, 10/10, Sat 10/11 (5) · 10/13–17 (10) · 10/20–24 (15).
    assert.deepEqual(addWorkingDays(cal, "2025-09-28", 15), { due: "2025-10-24", provisional: false });
  });

  it("answers the receipt day itself for n = 0, even on a holiday", () => {
    assert.deepEqual(addWorkingDays(cal, "2025-10-03", 0), { due: "2025-10-03", provisional: false });
  });

  it("computes on weekdays and flags provisional beyond the last known year", () => {
    // 12/31 (1) · 2026-01-01 Thu (2, unknown year: the weekly rule, so New Year's Day is not skipped) · 1/2 (3) · 1/5 (4) · 1/6 (5).
    assert.deepEqual(addWorkingDays(cal, "2025-12-30", 5), { due: "2026-01-06", provisional: true });
    assert.deepEqual(addWorkingDays(cal, "2025-12-01", 5), { due: "2025-12-08", provisional: false });
    // Received on the last known day: every counted day is guessed.
    assert.equal(addWorkingDays(cal, "2025-12-31", 1).provisional, true);
    // Only days after the receipt day matter: a receipt day in an unknown year with n = 0 is not a guess.
    assert.equal(addWorkingDays(cal, "2026-03-02", 0).provisional, false);
  });

  it("refuses invalid dates with INVALID_DATE", () => {
    for (const bad of ["2025-02-29", "2025-9-28", "28/09/2025", "", "2025-09-28T08:00:00+08:00"]) {
      assert.throws(
        () => addWorkingDays(cal, bad, 15),
        (e) => isDomainError(e, "INVALID_DATE"),
        bad,
      );
    }
  });

  it("refuses n that is not an integer from 0 to 3650 with VALIDATION_FAILED", () => {
    for (const n of [-1, 1.5, MAX_WORKING_DAYS + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => addWorkingDays(cal, "2025-03-03", n),
        (e) => isDomainError(e, "VALIDATION_FAILED"),
        String(n),
      );
    }
    const far = addWorkingDays(cal, "2025-03-03", MAX_WORKING_DAYS);
    assert.equal(far.provisional, true);
    assert.ok(far.due > "2039-01-01" && far.due < "2040-01-01", far.due); // 3650 / 261 working days a year ≈ 14 years
  });
});

describe("workingDaysBetween", () => {
  it("counts the working days left until a deadline (the reminder's '5 and 2 working days left')", () => {
    assert.deepEqual(workingDaysBetween(cal, "2025-10-17", "2025-10-24"), { workingDays: 5, provisional: false });
    assert.equal(workingDaysBetween(cal, "2025-10-22", "2025-10-24").workingDays, 2);
    assert.equal(workingDaysBetween(cal, "2025-10-24", "2025-10-24").workingDays, 0);
  });

  it("is negative once the deadline has passed", () => {
    assert.equal(workingDaysBetween(cal, "2025-10-27", "2025-10-24").workingDays, -1);
    assert.equal(workingDaysBetween(cal, "2025-10-09", "2025-09-30").workingDays, -1); // only 10/9 in between works
  });

  it("undoes addWorkingDays for every start date and n", () => {
    for (let i = 0; i < 60; i++) {
      const from = addDays("2025-09-01", i);
      for (const n of [0, 1, 2, 5, 15, 30]) {
        const { due } = addWorkingDays(cal, from, n);
        assert.equal(workingDaysBetween(cal, from, due).workingDays, n, `${from} + ${n}`);
      }
    }
  });

  it("flags provisional when the span leaves the known years and refuses spans over 20 years", () => {
    assert.equal(workingDaysBetween(cal, "2025-12-20", "2026-01-10").provisional, true);
    assert.throws(
      () => workingDaysBetween(cal, "2025-01-01", "2046-01-01"),
      (e) => isDomainError(e, "CALENDAR_RANGE_EXCEEDED"),
    );
    assert.throws(
      () => workingDaysBetween(cal, "2025-01-01", "2025-31-01"),
      (e) => isDomainError(e, "INVALID_DATE"),
    );
  });
});

describe("isWorkingDay", () => {
  it("says holidays and ordinary weekends are off, adjusted weekends and weekdays work", () => {
    assert.equal(isWorkingDay(cal, "2025-10-01"), false); // National Day, a Wednesday
    assert.equal(isWorkingDay(cal, "2025-10-11"), true); // adjusted working Saturday
    assert.equal(isWorkingDay(cal, "2025-10-18"), false); // ordinary Saturday
    assert.equal(isWorkingDay(cal, "2025-10-20"), true);
    assert.equal(isWorkingDay(cal, "2026-01-01"), true); // unknown year: weekly rule
    assert.throws(
      () => isWorkingDay(cal, "2025-10-32"),
      (e) => isDomainError(e, "INVALID_DATE"),
    );
  });
});
