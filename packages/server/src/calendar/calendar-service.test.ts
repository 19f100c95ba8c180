import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { addDays, isDomainError, weekdayOf } from "@pipguard/core";
import { FakeClock, SequentialIds } from "@pipguard/core/testing";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { CalendarService } from "./calendar-service.js";

/** The first `weekday` (0 Sunday … 6 Saturday) on or after `date`. */
function firstOnOrAfter(date: string, weekday: number): string {
  let d = date;
  while (weekdayOf(d) !== weekday) d = addDays(d, 1);
  return d;
}

function issuePaths(e: unknown): string[] {
  const issues = isDomainError(e) ? (e.details?.issues as { path: string }[] | undefined) : undefined;
  return (issues ?? []).map((i) => i.path);
}

describe("CalendarService", () => {
  let db: TestDb;
  let clock: FakeClock;
  let svc: CalendarService;
  let next: number; // the first year chinese-days does not know

  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom("calendar_overrides").execute();
    clock = new FakeClock("2025-06-01T00:00:00.000Z");
    svc = await CalendarService.open({ db, clock, ids: new SequentialIds() });
    next = svc.knownYears().last + 1;
  });

  it("answers 2025-09-28 + 15 working days = 2025-10-24 from the package data", () => {
    assert.deepEqual(svc.addWorkingDays("2025-09-28", 15), { due: "2025-10-24", provisional: false });
    assert.deepEqual(svc.workingDaysBetween("2025-10-17", "2025-10-24"), { workingDays: 5, provisional: false });
    assert.equal(svc.isWorkingDay("2025-10-11"), true);
    assert.equal(svc.dayKind("2025-10-01"), "holiday");
    assert.deepEqual(svc.day("2025-10-01"), {
      date: "2025-10-01",
      kind: "holiday",
      working: false,
      source: "package",
      provisional: false,
      name: "国庆节 National Day",
    });
  });

  it("lets an override change a deadline and make an unknown year's days non-provisional", async () => {
    const fri = firstOnOrAfter(`${next}-01-01`, 5);
    const sat = addDays(fri, 1);
    assert.deepEqual(svc.addWorkingDays(fri, 1), { due: addDays(fri, 3), provisional: true });
    const r = await svc.upsertOverride({ date: sat, kind: "adjusted_workday", name: "元旦 New Year's Day" });
    assert.equal(r.created, true);
    assert.equal(r.override.source, "api");
    assert.deepEqual(svc.addWorkingDays(fri, 1), { due: sat, provisional: false });
    assert.equal(svc.day(sat).source, "override");
    // Replacing keeps the row and its created_at.
    clock.advance(60_000);
    const again = await svc.upsertOverride({ date: sat, kind: "weekend" });
    assert.equal(again.created, false);
    assert.equal(again.override.createdAt, r.override.createdAt);
    assert.notEqual(again.override.updatedAt, r.override.updatedAt);
    assert.equal(again.override.name, null);
    assert.equal(svc.addWorkingDays(fri, 1).due, addDays(fri, 3));
    await svc.deleteOverride(sat);
    assert.deepEqual(svc.addWorkingDays(fri, 1), { due: addDays(fri, 3), provisional: true });
    await assert.rejects(svc.deleteOverride(sat), (e) => isDomainError(e, "NOT_FOUND"));
  });

  it("refuses bad overrides with stable codes", async () => {
    await assert.rejects(svc.upsertOverride({ date: "2027-02-30", kind: "holiday" }), (e) => isDomainError(e, "INVALID_DATE"));
    const mon = firstOnOrAfter(`${next}-03-01`, 1);
    await assert.rejects(
      svc.upsertOverride({ date: mon, kind: "adjusted_workday" }),
      (e) => isDomainError(e, "VALIDATION_FAILED") && issuePaths(e).includes("kind"),
    );
    await assert.rejects(svc.upsertOverride({ date: mon, kind: "day-off" }), (e) => isDomainError(e, "VALIDATION_FAILED"));
    assert.deepEqual(await svc.listOverrides(), []);
  });

  it("imports CSV (header, quotes, comments) and JSON, creating and replacing rows", async () => {
    const sat = firstOnOrAfter(`${next}-01-01`, 6);
    const csv = [
      "date,kind,name",
      "# the State Council notice for next year",
      `${addDays(sat, 2)},holiday,"元旦, New Year's Day"`,
      "",
      `${sat},adjusted_workday,`,
    ].join("\r\n");
    assert.deepEqual(await svc.importOverrides(csv, "csv"), { imported: 2, created: 2, updated: 0 });
    const listed = await svc.listOverrides();
    assert.deepEqual(
      listed.map((o) => [o.date, o.kind, o.name, o.source]),
      [
        [sat, "adjusted_workday", null, "import"],
        [addDays(sat, 2), "holiday", "元旦, New Year's Day", "import"],
      ],
    );
    const json = JSON.stringify([
      { date: sat, kind: "weekend" },
      { date: addDays(sat, 3), kind: "holiday", name: "元旦" },
    ]);
    assert.deepEqual(await svc.importOverrides(json, "json"), { imported: 2, created: 1, updated: 1 });
    assert.equal(svc.dayKind(sat), "weekend");
    // A listing can be imported back as it is.
    assert.deepEqual(await svc.importOverrides(JSON.stringify(await svc.listOverrides()), "json"), { imported: 3, created: 0, updated: 3 });
  });

  it("rejects a bad import as a whole, naming line and column but never the values", async () => {
    const mon = firstOnOrAfter(`${next}-03-01`, 1);
    await svc.upsertOverride({ date: mon, kind: "holiday" });
    const csv = [
      "date,kind,name",
      `${addDays(mon, 1)},holiday,ok`,
      `${addDays(mon, 2)},secret-kind,x`,
      "2027-02-30,holiday,",
      `${addDays(mon, 1)},holiday,dup`,
    ].join("\n");
    const err = await svc.importOverrides(csv, "csv").catch((e: unknown) => e);
    assert.ok(isDomainError(err, "VALIDATION_FAILED"));
    assert.deepEqual(issuePaths(err), ["line 3.kind", "line 4.date", "line 5.date"]);
    const text = JSON.stringify({ message: err.message, details: err.details });
    for (const value of ["secret-kind", "2027-02-30", addDays(mon, 1)]) assert.ok(!text.includes(value), `echoed ${value}`);
    // Nothing of the file was written, the earlier override is untouched.
    assert.deepEqual(
      (await svc.listOverrides()).map((o) => o.date),
      [mon],
    );

    const json = `[\n  {"date": "${addDays(mon, 1)}", "kind": "holiday"},\n  {"date": "${addDays(mon, 2)}",\n   "kind": "nope"},\n  {"date": "${addDays(mon, 3)}", "kind": "holiday", "colour": "red"}\n]`;
    const jerr = await svc.importOverrides(json, "json").catch((e: unknown) => e);
    assert.deepEqual(issuePaths(jerr), ["line 3 (entry 2).kind", "line 5 (entry 3)"]);
    for (const [content, format, path] of [
      ["{not json", "json", "content"],
      ['{"date": "2027-01-01"}', "json", "content"],
      ["", "csv", "content"],
      ['2027-01-01,holiday,"open', "csv", "line 1"],
      ["2027-01-01,holiday,a,b", "csv", "line 1"],
      ["date,colour\n2027-01-01,red", "csv", "line 1.header"],
    ] as const) {
      const e = await svc.importOverrides(content, format).catch((x: unknown) => x);
      assert.ok(isDomainError(e, "VALIDATION_FAILED"), `${format}: ${content}`);
      assert.deepEqual(issuePaths(e), [path], `${format}: ${content}`);
    }
  });

  it("notices overrides written by another instance sharing the database", async () => {
    const other = await CalendarService.open({ db, clock, ids: new SequentialIds(), refreshMs: 0 });
    const mon = firstOnOrAfter(`${next}-03-01`, 1);
    assert.equal(other.isWorkingDay(mon), true);
    await svc.upsertOverride({ date: mon, kind: "holiday" });
    await other.ensureFresh();
    assert.equal(other.isWorkingDay(mon), false);
  });

  it("tells today's date in the configured time zone", async () => {
    clock.set("2025-01-01T16:30:00.000Z"); // 00:30 on 1/2 in Beijing
    assert.equal(svc.today(), "2025-01-02");
    assert.equal(new CalendarService({ db, clock, ids: new SequentialIds(), timezone: "UTC" }).today(), "2025-01-01");
    assert.throws(
      () => new CalendarService({ db, clock, ids: new SequentialIds(), timezone: "Mars/Olympus" }),
      (e) => isDomainError(e, "CONFIG_INVALID"),
    );
  });

  it("refuses to answer before it is loaded", () => {
    const unloaded = new CalendarService({ db, clock, ids: new SequentialIds() });
    assert.throws(
      () => unloaded.addWorkingDays("2025-09-28", 15),
      (e) => isDomainError(e, "SERVICE_UNAVAILABLE"),
    );
  });
});
