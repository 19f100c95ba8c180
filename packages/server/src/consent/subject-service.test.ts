import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dayNumber, isUnder14, under14Until } from "@pipguard/core";
import SQLite from "better-sqlite3";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { TEST_DIALECT } from "../testing/test-db.js";
import { consentArea } from "./index.js";

let t: TestApp;
before(async () => {
  t = await createTestApp({ users: false });
});
after(() => t.dispose());

describe("subject look-ups for contractor pulls", () => {
  it("finds subjects by identity the same way the first time (blind index) and from memory (block tokens)", async () => {
    const { subjects } = consentArea(t.ctx);
    const a = await subjects.create({ identities: [{ type: "mobile", value: "13900001111" }] });
    const b = await subjects.create({ identities: [{ type: "mobile", value: "1390000111" }] }); // a prefix of a's: another block
    const long = await subjects.create({ identities: [{ type: "email", value: "a.very.long.address@example.com.cn" }] });
    const short = await subjects.create({ identities: [{ type: "email", value: "z@ex.cn" }] });
    const wide = await subjects.create({ identities: [{ type: "app_user_id", value: "用户-42" }] });
    const mobiles = ["13900001111", "+86 139-0000-1111", "1390000111", "13900002222", null, ""];
    const emails = ["A.Very.Long.Address@Example.com.cn", "Z@EX.cn", "nobody@ex.cn"];
    const wanted = [
      [a.id, a.id, b.id, undefined, undefined, undefined],
      [long.id, short.id, undefined],
    ];
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(Array.from(await subjects.idsOf("mobile", mobiles)), wanted[0], `mobiles, round ${round}`);
      assert.deepEqual(Array.from(await subjects.idsOf("email", emails)), wanted[1], `e-mails, round ${round}`);
      assert.deepEqual(Array.from(await subjects.idsOf("app_user_id", ["用户-42", "用户-43"])), [wide.id, undefined], `non-ASCII, round ${round}`);
    }
    // A value registered after a miss is found on the next call (misses are not remembered).
    const late = await subjects.create({ identities: [{ type: "mobile", value: "13900002222" }] });
    assert.equal((await subjects.idsOf("mobile", ["13900002222"]))[0], late.id);
  });

  it("answers under-14 from the age map as core's isUnder14 does", async () => {
    const { subjects } = consentArea(t.ctx);
    const today = t.ctx.calendar.today();
    const [y, m, d] = today.split("-").map(Number) as [number, number, number];
    const iso = (yy: number, mm: number, dd: number) => `${String(yy).padStart(4, "0")}-${String(mm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
    const cases: { birthDate?: string; ageBand?: string }[] = [
      { birthDate: iso(y - 14, m, d) }, // fourteen today: no longer under 14
      { birthDate: iso(y - 13, m, d) },
      { birthDate: iso(y - 14, m, Math.min(d + 1, 28)) },
      { birthDate: "1990-01-01", ageBand: "under_14" }, // a birth date wins over a band
      { ageBand: "under_14" },
      { ageBand: "adult" },
      {},
    ];
    const ids: string[] = [];
    for (const c of cases) ids.push((await subjects.create(c)).id);
    for (let round = 0; round < 2; round++) {
      const flags = await subjects.under14Flags([...ids, "no-such-subject"]);
      cases.forEach((c, i) => {
        assert.equal(
          flags[i],
          isUnder14({ birthDate: c.birthDate ?? null, ageBand: c.ageBand ?? null, today }) ? 1 : 0,
          `${JSON.stringify(c)}, round ${round}`,
        );
      });
      assert.equal(flags[cases.length], 2, "an unknown subject");
    }
    for (const [birth, band] of [
      ["2012-02-29", null],
      ["2020-12-31", "adult"],
      [null, "under_14"],
      [null, null],
      ["not-a-date", null],
    ] as const) {
      for (const day of ["2026-02-28", "2026-03-01", "2034-12-31", "2035-01-01"]) {
        const expected = isUnder14({ birthDate: birth, ageBand: band, today: day });
        assert.equal(dayNumber(day) < under14Until(birth, band), expected, `${birth} ${band} on ${day}`);
      }
    }
  });

  it("sees at once what another process wrote to the same SQLite file (data_version), with no time limit to wait out", {
    skip: TEST_DIALECT !== "sqlite" && "SQLite only: PostgreSQL instances learn of changes through the change feed (change-feed.test.ts)",
  }, async () => {
    const { subjects } = consentArea(t.ctx);
    const s = await subjects.create({ ageBand: "adult" });
    assert.equal((await subjects.under14Flags([s.id]))[0], 0);
    assert.equal((await subjects.facts(s.id)).under14, false);
    // Another connection to the file, as a CLI command in another process would have.
    const other = new SQLite((t.ctx.db as unknown as { location: string }).location);
    try {
      other.prepare("update subjects set age_band = 'under_14' where id = ?").run(s.id);
    } finally {
      other.close();
    }
    assert.equal((await subjects.under14Flags([s.id]))[0], 1);
    assert.equal((await subjects.facts(s.id)).under14, true);
  });
});
