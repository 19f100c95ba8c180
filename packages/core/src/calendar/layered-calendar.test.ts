import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import { LayeredCalendar } from "./layered-calendar.js";
import { TableHolidayCalendar } from "./table-calendar.js";
import { addWorkingDays, describeDay, listDays, MAX_LISTED_DAYS } from "./working-days.js";

// 2025 Labour Day arrangement: 5/1–5/5 off, Sunday 4/27 worked (调休上班).
const base = new TableHolidayCalendar({ first: 2025, last: 2025 }, [
  ["2025-04-27", { kind: "adjusted_workday", name: "劳动节 Labour Day" }],
  ...[1, 2, 3, 4, 5].map((d) => [`2025-05-0${d}`, { kind: "holiday" as const, name: "劳动节 Labour Day" }] as const),
]);

describe("TableHolidayCalendar", () => {
  it("answers listed days, the weekly rule inside its years, and nothing outside them", () => {
    assert.equal(base.dayKind("2025-05-02"), "holiday");
    assert.equal(base.dayKind("2025-04-27"), "adjusted_workday");
    assert.equal(base.dayKind("2025-05-10"), "weekend");
    assert.equal(base.dayKind("2025-05-12"), "workday");
    assert.equal(base.dayKind("2026-05-01"), undefined);
    assert.equal(base.dayKind("2024-12-31"), undefined);
    assert.equal(base.dayName("2025-05-02"), "劳动节 Labour Day");
    assert.deepEqual(base.knownYears(), { first: 2025, last: 2025 });
  });
});

describe("LayeredCalendar", () => {
  it("lets an override win over the base and says where each kind came from", () => {
    const cal = new LayeredCalendar(base, [{ date: "2025-05-05", kind: "workday", name: "company rule" }]);
    assert.deepEqual(describeDay(cal, "2025-05-05"), {
      date: "2025-05-05",
      kind: "workday",
      working: true,
      source: "override",
      provisional: false,
      name: "company rule",
    });
    assert.deepEqual(describeDay(cal, "2025-05-01"), {
      date: "2025-05-01",
      kind: "holiday",
      working: false,
      source: "base",
      provisional: false,
      name: "劳动节 Labour Day",
    });
    assert.deepEqual(describeDay(cal, "2026-05-01"), { date: "2026-05-01", kind: "workday", working: true, source: "weekday-rule", provisional: true });
    // Mon 4/28 + 5: 4/29, 4/30, then 5/5 (now a workday), 5/6, 5/7.
    assert.equal(addWorkingDays(cal, "2025-04-28", 5).due, "2025-05-07");
    assert.equal(addWorkingDays(base, "2025-04-28", 5).due, "2025-05-08");
  });

  it("makes overridden days of an unknown year non-provisional and changes the result", () => {
    const plain = new LayeredCalendar(base);
    // 2026 is unknown: Fri 2026-01-02 + 1 → Mon 1/5, provisional.
    assert.deepEqual(addWorkingDays(plain, "2026-01-02", 1), { due: "2026-01-05", provisional: true });
    const withNewYear = plain.withOverrides([
      { date: "2026-01-03", kind: "weekend" },
      { date: "2026-01-04", kind: "adjusted_workday", name: "元旦 New Year's Day" },
    ]);
    assert.deepEqual(addWorkingDays(withNewYear, "2026-01-02", 1), { due: "2026-01-04", provisional: false });
    assert.equal(withNewYear.sourceOf("2026-01-04"), "override");
    assert.equal(plain.overrideCount, 0, "withOverrides leaves the original untouched");
  });

  it("lists a range of days, inclusive, up to the limit", () => {
    const days = listDays(new LayeredCalendar(base), "2025-04-26", "2025-05-06");
    assert.equal(days.length, 11);
    assert.deepEqual(
      days.filter((d) => d.working).map((d) => d.date),
      ["2025-04-27", "2025-04-28", "2025-04-29", "2025-04-30", "2025-05-06"],
    );
    assert.throws(
      () => listDays(base, "2025-01-01", "2026-02-05"),
      (e) => isDomainError(e, "CALENDAR_RANGE_EXCEEDED"),
    );
    assert.equal(listDays(base, "2025-01-01", "2026-02-04").length, MAX_LISTED_DAYS);
    assert.throws(
      () => listDays(base, "2025-05-02", "2025-05-01"),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
  });
});
