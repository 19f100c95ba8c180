import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addDays, weekdayOf } from "@pipguard/core";
import { FakeClock } from "@pipguard/core/testing";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Problem = { code: string; errors?: { path: string; code: string; message: string }[]; detail?: string };
type Day = { date: string; kind: string; working: boolean; source: string; provisional: boolean; name?: string };

describe("calendar routes", () => {
  let t: TestApp;
  let next: number; // the first year the chinese-days data does not cover
  let mon: string; // a Monday in that year
  before(async () => {
    // 00:30 on 2025-09-28 in Beijing, still 9/27 in UTC: "today" must be the Beijing date.
    t = await createTestApp({ clock: new FakeClock("2025-09-27T16:30:00.000Z") });
    next = t.ctx.calendar.knownYears().last + 1;
    mon = `${next}-03-01`;
    while (weekdayOf(mon) !== 1) mon = addDays(mon, 1);
  });
  after(async () => {
    await t.dispose();
  });

  describe("GET /api/v1/calendar/due", () => {
    it("answers the due date of a 15-working-day deadline", async () => {
      const { status, body } = await t.json("GET", "/api/v1/calendar/due?from=2025-09-28&workingDays=15", { as: "agent" });
      assert.equal(status, 200);
      assert.deepEqual(body, { due: "2025-10-24", provisional: false, from: "2025-09-28", workingDays: 15 });
    });

    it("counts from today in Asia/Shanghai when from is left out", async () => {
      const { body } = await t.json<{ from: string; due: string }>("GET", "/api/v1/calendar/due?workingDays=15", { as: "auditor" });
      assert.deepEqual(body, { from: "2025-09-28", due: "2025-10-24", provisional: false, workingDays: 15 });
    });

    it("flags provisional beyond the published years", async () => {
      const { body } = await t.json<{ provisional: boolean }>("GET", `/api/v1/calendar/due?from=${mon}&workingDays=5`, { as: "agent" });
      assert.equal(body.provisional, true);
    });

    it("needs a signed-in caller (401) and answers 400 for a bad date or count", async () => {
      assert.equal((await t.request("GET", "/api/v1/calendar/due?from=2025-09-28&workingDays=15")).status, 401);
      const bad = await t.json<Problem>("GET", "/api/v1/calendar/due?from=2025-02-29&workingDays=15", { as: "agent" });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, "INVALID_DATE");
      assert.ok(!JSON.stringify(bad.body).includes("2025-02-29"));
      for (const n of ["-1", "3651", "1.5", "x"]) {
        const r = await t.json<Problem>("GET", `/api/v1/calendar/due?from=2025-09-28&workingDays=${n}`, { as: "agent" });
        assert.equal(r.status, 400, n);
        assert.equal(r.body.code, "VALIDATION_FAILED", n);
      }
    });
  });

  describe("GET /api/v1/calendar/days", () => {
    it("lists each day with its kind, working flag and source", async () => {
      const { status, body } = await t.json<{ days: Day[]; knownYears: { last: number } }>("GET", "/api/v1/calendar/days?from=2025-09-27&to=2025-10-01", {
        as: "auditor",
      });
      assert.equal(status, 200);
      assert.deepEqual(
        body.days.map((d) => [d.date, d.kind, d.working, d.source]),
        [
          ["2025-09-27", "weekend", false, "package"],
          ["2025-09-28", "adjusted_workday", true, "package"],
          ["2025-09-29", "workday", true, "package"],
          ["2025-09-30", "workday", true, "package"],
          ["2025-10-01", "holiday", false, "package"],
        ],
      );
      assert.equal(body.days[4]?.name, "国庆节 National Day");
      assert.equal(body.knownYears.last, next - 1);
      const later = await t.json<{ days: Day[] }>("GET", `/api/v1/calendar/days?from=${mon}&to=${mon}`, { as: "auditor" });
      assert.deepEqual(later.body.days[0], { date: mon, kind: "workday", working: true, source: "weekday-rule", provisional: true });
    });

    it("refuses more than 400 days (422), a reversed or bad range (400) and anonymous callers (401)", async () => {
      assert.equal((await t.json<Problem>("GET", "/api/v1/calendar/days?from=2025-01-01&to=2026-02-05", { as: "agent" })).body.code, "CALENDAR_RANGE_EXCEEDED");
      assert.equal((await t.request("GET", "/api/v1/calendar/days?from=2025-01-01&to=2026-02-04", { as: "agent" })).status, 200);
      const reversed = await t.json<Problem>("GET", "/api/v1/calendar/days?from=2025-10-02&to=2025-10-01", { as: "agent" });
      assert.equal(reversed.status, 400);
      const bad = await t.json<Problem>("GET", "/api/v1/calendar/days?from=2025-10-01&to=2025-10-32", { as: "agent" });
      assert.deepEqual([bad.status, bad.body.code], [400, "INVALID_DATE"]);
      assert.equal((await t.request("GET", "/api/v1/calendar/days?from=2025-10-01&to=2025-10-02")).status, 401);
    });
  });

  describe("overrides", () => {
    it("creates (201), replaces (200), lists and deletes (204) an override, and deadlines follow at once", async () => {
      const sat = addDays(mon, -2);
      const fri = addDays(mon, -3);
      const before = await t.json<{ due: string; provisional: boolean }>("GET", `/api/v1/calendar/due?from=${fri}&workingDays=1`, { as: "agent" });
      assert.deepEqual([before.body.due, before.body.provisional], [mon, true]);

      const put = await t.json<{ date: string; kind: string; name: string | null; source: string }>("PUT", `/api/v1/calendar/overrides/${sat}`, {
        as: "privacy_officer",
        body: { kind: "adjusted_workday", name: "清明 Tomb-sweeping Day" },
      });
      assert.equal(put.status, 201);
      assert.deepEqual([put.body.date, put.body.kind, put.body.name, put.body.source], [sat, "adjusted_workday", "清明 Tomb-sweeping Day", "api"]);
      const after = await t.json<{ due: string; provisional: boolean }>("GET", `/api/v1/calendar/due?from=${fri}&workingDays=1`, { as: "agent" });
      assert.deepEqual([after.body.due, after.body.provisional], [sat, false]);

      const replaced = await t.request("PUT", `/api/v1/calendar/overrides/${sat}`, { as: "admin", body: { kind: "weekend" } });
      assert.equal(replaced.status, 200);
      const list = await t.json<{ items: { date: string; kind: string }[] }>("GET", "/api/v1/calendar/overrides", { as: "auditor" });
      assert.deepEqual(
        list.body.items.map((o) => [o.date, o.kind]),
        [[sat, "weekend"]],
      );
      assert.equal((await t.request("DELETE", `/api/v1/calendar/overrides/${sat}`, { as: "admin" })).status, 204);
      assert.equal((await t.json<Problem>("DELETE", `/api/v1/calendar/overrides/${sat}`, { as: "admin" })).body.code, "NOT_FOUND");
    });

    it("lets only calendar:write change overrides (401 anonymous, 403 agent and auditor, 403 read-only key)", async () => {
      const path = `/api/v1/calendar/overrides/${mon}`;
      assert.equal((await t.request("PUT", path, { body: { kind: "holiday" } })).status, 401);
      assert.equal((await t.request("PUT", path, { as: "agent", body: { kind: "holiday" } })).status, 403);
      assert.equal((await t.request("PUT", path, { as: "auditor", body: { kind: "holiday" } })).status, 403);
      assert.equal((await t.request("DELETE", path, { as: "auditor" })).status, 403);
      const imp = { format: "csv", content: `${mon},holiday,` };
      assert.equal((await t.request("POST", "/api/v1/calendar/overrides/import", { as: "agent", body: imp })).status, 403);
      assert.equal((await t.request("POST", "/api/v1/calendar/overrides/import", { body: imp })).status, 401);
      assert.equal((await t.request("GET", "/api/v1/calendar/overrides")).status, 401);
      const { secret } = await t.ctx.auth.createApiKey({ name: "reader", scopes: ["calendar:read"], createdBy: null });
      assert.equal((await t.request("GET", "/api/v1/calendar/due?from=2025-09-28&workingDays=15", { as: { apiKey: secret } })).status, 200);
      assert.equal((await t.request("PUT", path, { as: { apiKey: secret }, body: { kind: "holiday" } })).status, 403);
      assert.deepEqual((await t.json<{ items: unknown[] }>("GET", "/api/v1/calendar/overrides", { as: "admin" })).body.items, []);
    });

    it("answers 400 for a bad date, a kind that does not fit the weekday, and unknown fields", async () => {
      const bad = await t.json<Problem>("PUT", "/api/v1/calendar/overrides/2027-13-01", { as: "admin", body: { kind: "holiday" } });
      assert.deepEqual([bad.status, bad.body.code], [400, "INVALID_DATE"]);
      const mismatch = await t.json<Problem>("PUT", `/api/v1/calendar/overrides/${mon}`, { as: "admin", body: { kind: "adjusted_workday" } });
      assert.deepEqual([mismatch.status, mismatch.body.code, mismatch.body.errors?.[0]?.path], [400, "VALIDATION_FAILED", "kind"]);
      const extra = await t.json<Problem>("PUT", `/api/v1/calendar/overrides/${mon}`, { as: "admin", body: { kind: "holiday", colour: "red" } });
      assert.deepEqual([extra.status, extra.body.code], [400, "VALIDATION_FAILED"]);
      assert.equal((await t.json<Problem>("DELETE", "/api/v1/calendar/overrides/not-a-date", { as: "admin" })).body.code, "INVALID_DATE");
    });

    it("imports a CSV file, and rejects a bad one whole with line-numbered errors", async () => {
      const tue = addDays(mon, 1);
      const ok = await t.json("POST", "/api/v1/calendar/overrides/import", {
        as: "privacy_officer",
        body: { format: "csv", content: `date,kind,name\n${mon},holiday,劳动节\n${tue},holiday,劳动节\n` },
      });
      assert.deepEqual([ok.status, ok.body], [200, { imported: 2, created: 2, updated: 0 }]);
      const day = (await t.json<{ days: Day[] }>("GET", `/api/v1/calendar/days?from=${mon}&to=${mon}`, { as: "agent" })).body.days[0];
      assert.deepEqual(day, { date: mon, kind: "holiday", working: false, source: "override", provisional: false, name: "劳动节" });

      const bad = await t.json<Problem>("POST", "/api/v1/calendar/overrides/import", {
        as: "admin",
        body: {
          format: "json",
          content: JSON.stringify([
            { date: addDays(mon, 2), kind: "holiday" },
            { date: addDays(mon, 3), kind: "privateKind" },
          ]),
        },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, "VALIDATION_FAILED");
      assert.deepEqual(
        bad.body.errors?.map((e) => e.path),
        ["line 1 (entry 2).kind"],
      );
      assert.ok(!JSON.stringify(bad.body).includes("privateKind"));
      const items = (await t.json<{ items: { date: string }[] }>("GET", "/api/v1/calendar/overrides", { as: "admin" })).body.items;
      assert.deepEqual(
        items.map((o) => o.date),
        [mon, tue],
      );
      const wrongFormat = await t.json<Problem>("POST", "/api/v1/calendar/overrides/import", { as: "admin", body: { format: "xlsx", content: "" } });
      assert.deepEqual([wrongFormat.status, wrongFormat.body.code], [400, "VALIDATION_FAILED"]);
    });
  });
});
