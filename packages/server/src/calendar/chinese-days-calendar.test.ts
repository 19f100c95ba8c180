import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { addDays, addWorkingDays, isDomainError, isWorkingDay, LayeredCalendar, weekdayOf } from "@pipguard/core";
import { calendarFromChineseDays, chineseDaysCalendar } from "./chinese-days-calendar.js";

const require = createRequire(import.meta.url);
const cal = chineseDaysCalendar();

/** The years chinese-days ships a per-year file for, read independently of the adapter. */
function packagedYears(): number[] {
  const dir = join(dirname(require.resolve("chinese-days/package.json")), "dist", "years");
  return readdirSync(dir)
    .map((f) => /^(\d{4})\.json$/.exec(f)?.[1])
    .filter((y): y is string => y !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** n working days after `from` by the weekly rule alone (what a provisional answer must be). */
function weekdaysOnly(from: string, n: number): string {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    const w = weekdayOf(d);
    if (w !== 0 && w !== 6) left -= 1;
  }
  return d;
}

describe("chinese-days adapter", () => {
  it("derives its known years from the package data", () => {
    const years = packagedYears();
    assert.deepEqual(cal.knownYears(), { first: years[0], last: years.at(-1) });
    assert.ok(cal.knownYears().last >= 2025);
  });

  it("agrees with the package's own isWorkday on every day of every known year", () => {
    const pkg = require("chinese-days") as { isWorkday(d: string): boolean };
    const { first, last } = cal.knownYears();
    let checked = 0;
    for (let d = `${first}-01-01`; d <= `${last}-12-31`; d = addDays(d, 1)) {
      assert.equal(isWorkingDay(cal, d), pkg.isWorkday(d), d);
      checked += 1;
    }
    assert.ok(checked > 365 * (last - first));
  });

  it("gives 2025-10-24 for 15 working days from Sunday 2025-09-28 (National Day 2025)", () => {
    // 9/28 (an adjusted working Sunday) is the day of receipt and is not counted. 9/29, 9/30 → 2;
    // 10/1–10/8 National Day + Mid-Autumn off; 10/9, 10/10, Sat 10/11 (调休上班) → 5;
    // 10/13–10/17 → 10; 10/20–10/24 → 15.
    assert.deepEqual(addWorkingDays(cal, "2025-09-28", 15), { due: "2025-10-24", provisional: false });
  });

  it("skips the 2025 Spring Festival and counts its adjusted working weekends", () => {
    // Checked by hand against the State Council General Office's 2025 holiday notice (国务院办公厅, 2024-11-12): 1/28–2/4 off,
    // Sunday 1/26 and Saturday 2/8 worked. Received Friday 1/24: Sat 1/25 off; Sun 1/26 → 1;
    // Mon 1/27 → 2; 1/28–2/4 off; Wed 2/5 → 3; Thu 2/6 → 4; Fri 2/7 → 5; Sat 2/8 → 6; Mon 2/10 → 7.
    assert.equal(cal.dayKind("2025-01-26"), "adjusted_workday");
    assert.equal(cal.dayKind("2025-02-08"), "adjusted_workday");
    assert.equal(cal.dayKind("2025-02-01"), "holiday"); // a Saturday inside the holiday
    assert.equal(cal.dayName("2025-01-29"), "春节 Spring Festival");
    assert.deepEqual(addWorkingDays(cal, "2025-01-24", 1), { due: "2025-01-26", provisional: false });
    assert.equal(addWorkingDays(cal, "2025-01-24", 3).due, "2025-02-05");
    assert.equal(addWorkingDays(cal, "2025-01-24", 6).due, "2025-02-08");
    assert.equal(addWorkingDays(cal, "2025-01-24", 7).due, "2025-02-10");
  });

  it("computes on weekdays and says provisional in a year after the last known year", () => {
    const next = cal.knownYears().last + 1;
    const from = `${next}-05-01`; // whatever the holidays of that year will be, they are not published yet
    assert.equal(cal.dayKind(from), undefined);
    assert.deepEqual(addWorkingDays(cal, from, 15), { due: weekdaysOnly(from, 15), provisional: true });
    // Crossing into the unknown year from the known one is provisional too.
    assert.equal(addWorkingDays(cal, `${next - 1}-12-24`, 10).provisional, true);
  });

  it("lets overrides make days of an unknown year non-provisional", () => {
    const next = cal.knownYears().last + 1;
    // The first Friday of that January, and the Saturday after it.
    let fri = `${next}-01-01`;
    while (weekdayOf(fri) !== 5) fri = addDays(fri, 1);
    const sat = addDays(fri, 1);
    const layered = new LayeredCalendar(cal, [{ date: sat, kind: "adjusted_workday", name: "元旦 New Year's Day" }]);
    assert.deepEqual(addWorkingDays(cal, fri, 1), { due: addDays(fri, 3), provisional: true });
    assert.deepEqual(addWorkingDays(layered, fri, 1), { due: sat, provisional: false });
  });

  it("reads only well-formed data, and stops the known years at a gap", () => {
    const data = {
      holidays: { "2020-01-01": "New Year's Day,元旦,1", "2021-01-01": "New Year's Day,元旦,1", "2023-01-02": "New Year's Day,元旦,1" },
      workdays: {},
    };
    assert.deepEqual(calendarFromChineseDays(data).knownYears(), { first: 2020, last: 2021 });
    assert.throws(
      () => calendarFromChineseDays({ holidays: [] }),
      (e) => isDomainError(e, "INTERNAL"),
    );
    assert.throws(
      () => calendarFromChineseDays({ holidays: {}, workdays: {} }),
      (e) => isDomainError(e, "INTERNAL"),
    );
  });
});
