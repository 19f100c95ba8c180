import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import { addDays, fromDayNumber, isCalendarDate, toDayNumber, weekdayOf } from "./dates.js";

describe("calendar dates", () => {
  it("accepts only real dates written YYYY-MM-DD", () => {
    for (const ok of ["2025-09-28", "2024-02-29", "2000-02-29", "1900-01-01", "2199-12-31"]) assert.equal(isCalendarDate(ok), true, ok);
    for (const bad of [
      "2025-02-29",
      "2100-02-29",
      "2025-13-01",
      "2025-00-10",
      "2025-04-31",
      "2025-9-28",
      "20250928",
      "2025-09-28T00:00:00Z",
      "",
      " 2025-09-28",
    ]) {
      assert.equal(isCalendarDate(bad), false, bad);
    }
    assert.equal(isCalendarDate(20250928), false);
  });

  it("refuses a malformed date with INVALID_DATE naming the field, and a far year with CALENDAR_RANGE_EXCEEDED", () => {
    assert.throws(
      () => toDayNumber("2025-02-30", "from"),
      (e) => isDomainError(e, "INVALID_DATE") && e.details?.field === "from" && !e.message.includes("2025-02-30"),
    );
    assert.throws(
      () => toDayNumber("1899-12-31"),
      (e) => isDomainError(e, "CALENDAR_RANGE_EXCEEDED"),
    );
    assert.throws(
      () => toDayNumber("2200-01-01"),
      (e) => isDomainError(e, "CALENDAR_RANGE_EXCEEDED"),
    );
  });

  it("round-trips every date of the supported range and agrees with ISO dates", () => {
    const first = toDayNumber("1900-01-01");
    const last = toDayNumber("2199-12-31");
    for (let d = first; d <= last; d += 1) {
      const s = fromDayNumber(d);
      assert.equal(toDayNumber(s), d);
      if (d % 997 === 0) assert.equal(s, new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
    assert.equal(last - first + 1, 109_573); // 300 years: 300 × 365 + 73 leap days (1900 and 2100 are not leap years)
  });

  it("knows the day of the week", () => {
    assert.equal(weekdayOf("2025-09-28"), 0); // a Sunday (an adjusted working day in 2025)
    assert.equal(weekdayOf("2025-10-11"), 6); // a Saturday
    assert.equal(weekdayOf("1970-01-01"), 4); // a Thursday
    assert.equal(weekdayOf("1969-12-31"), 3); // before day 0 too
  });

  it("adds calendar days across months, years and leap days", () => {
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
    assert.equal(addDays("2025-12-31", 1), "2026-01-01");
    assert.equal(addDays("2025-03-01", -1), "2025-02-28");
  });

  it("gives the same answers whatever the host time zone is", () => {
    const saved = process.env.TZ;
    try {
      const results = ["UTC", "Pacific/Kiritimati", "America/Adak", "Asia/Shanghai"].map((tz) => {
        process.env.TZ = tz;
        return [addDays("2025-03-08", 1), addDays("2025-11-01", 2), weekdayOf("2025-03-30"), toDayNumber("2025-10-26")].join("|");
      });
      assert.equal(new Set(results).size, 1, results.join(" vs "));
      assert.equal(results[0], `2025-03-09|2025-11-03|0|${Date.UTC(2025, 9, 26) / 86_400_000}`);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
