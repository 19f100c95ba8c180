import assert from "node:assert/strict";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { addDays, weekdayOf } from "@pipguard/core";
import { freshEnv, runCli } from "../testing/run-cli.js";

describe("pipguard calendar (the built CLI)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    // No NODE_ENV and no key: the embedded default generates data/master.key in the temp dir.
    ({ dataDir, env } = freshEnv());
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints exactly the due date, and a compact JSON form with --json", () => {
    const r = runCli(["calendar", "due", "2025-09-28", "--working-days", "15"], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "2025-10-24\n");
    assert.ok(existsSync(join(dataDir, "master.key")));
    const j = runCli(["calendar", "due", "2025-09-28", "--working-days", "15", "--json"], env);
    assert.equal(j.code, 0, j.stderr);
    assert.equal(j.stdout, '{"due":"2025-10-24","provisional":false}\n');
  });

  it("adds a second line when the answer rests on the weekly rule", () => {
    const r = runCli(["calendar", "due", "2150-03-02", "--working-days", "1"], env); // a Monday far beyond published data
    assert.equal(r.code, 0, r.stderr);
    const [due, note, rest] = r.stdout.split("\n");
    assert.equal(due, "2150-03-03");
    const year = Number(/^\(provisional: computed on weekdays beyond (\d{4})\)$/.exec(note ?? "")?.[1]);
    assert.ok(year >= 2025 && year < 2150, note);
    assert.equal(rest, "");
    const j = runCli(["calendar", "due", "2150-03-02", "--working-days", "1", "--json"], env);
    assert.equal(j.stdout, '{"due":"2150-03-03","provisional":true}\n');
  });

  it("imports overrides from a file, lists them, and respects them in due and days", () => {
    let fri = "2150-01-01";
    while (weekdayOf(fri) !== 5) fri = addDays(fri, 1);
    const sat = addDays(fri, 1);
    const csv = join(dataDir, "2150.csv");
    writeFileSync(csv, `date,kind,name\n${sat},adjusted_workday,"元旦, New Year's Day"\n`);
    const imp = runCli(["calendar", "import", csv, "--json"], env);
    assert.equal(imp.code, 0, imp.stderr);
    assert.deepEqual(JSON.parse(imp.stdout), { imported: 1, created: 1, updated: 0 });
    assert.equal(runCli(["calendar", "due", fri, "--working-days", "1"], env).stdout, `${sat}\n`);
    const list = JSON.parse(runCli(["calendar", "overrides", "--json"], env).stdout) as { date: string; kind: string; source: string }[];
    assert.deepEqual(
      list.map((o) => [o.date, o.kind, o.source]),
      [[sat, "adjusted_workday", "import"]],
    );
    const days = runCli(["calendar", "days", fri, sat], env);
    assert.equal(days.code, 0, days.stderr);
    assert.match(days.stdout, new RegExp(`^${sat}\\s+Sat\\s+adjusted_workday\\s+yes\\s+override\\s+元旦, New Year's Day$`, "m"));
    assert.match(days.stdout, new RegExp(`^${fri}\\s+Fri\\s+workday\\s+yes\\s+weekday-rule$`, "m"));
  });

  it("refuses a bad file as a whole, naming lines but not values", () => {
    const csv = join(dataDir, "bad.csv");
    writeFileSync(csv, "2150-02-02,holiday,ok\n2150-02-03,secretkind,x\n");
    const r = runCli(["calendar", "import", csv], env);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /VALIDATION_FAILED/);
    assert.match(r.stderr, /line 2: kind must be/);
    assert.ok(!r.stderr.includes("secretkind"));
    const list = JSON.parse(runCli(["calendar", "overrides", "--json"], env).stdout) as { date: string }[];
    assert.ok(!list.some((o) => o.date === "2150-02-02"), "nothing of the bad file was imported");
    assert.equal(runCli(["calendar", "import", join(dataDir, "x.xlsx")], env).code, 2);
  });

  it("exits 1 for an invalid date and 2 for a bad --working-days", () => {
    const bad = runCli(["calendar", "due", "2025-02-29", "--working-days", "15"], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /INVALID_DATE/);
    assert.equal(runCli(["calendar", "due", "2025-09-28", "--working-days", "fifteen"], env).code, 2);
    assert.equal(runCli(["calendar", "due", "2025-09-28", "--working-days", "3651"], env).code, 2);
  });
});
