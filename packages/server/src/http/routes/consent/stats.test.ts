import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { consentArea } from "../../../consent/index.js";
import { type ConsentFixture, setupConsentFixture } from "../../../consent/testing.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Stats = { bucket: string; buckets: string[]; series: { purpose: string; points: { start: string; grant: number; refuse: number; withdraw: number }[] }[] };

describe("GET /api/v1/ledger/stats", () => {
  let t: TestApp;
  let f: ConsentFixture;
  // Sessions are made "now" (10 Sep); the events are back-dated before the clock returns to now.
  const clock = new FakeClock("2025-09-10T04:00:00.000Z");
  before(async () => {
    t = await createTestApp({ clock });
    f = await setupConsentFixture(t.ctx);
    const c = consentArea(t.ctx).consent;
    const at = async (iso: string, action: "grant" | "refuse" | "withdraw", purpose = "newsletter") => {
      clock.set(iso);
      const kind = purpose === "face_login" ? "separate" : "general";
      await c.record({ subjectId: f.adult, app: "shop", purpose, action, kind, channel: "app", ...(action === "grant" ? { policyVersion: 1 } : {}) });
    };
    await at("2025-09-01T03:00:00.000Z", "grant"); // Mon 1 Sep, Beijing
    await at("2025-09-01T04:00:00.000Z", "withdraw");
    await at("2025-09-01T17:30:00.000Z", "grant"); // 01:30 on Tue 2 Sep in Beijing, still the 1st in UTC
    await at("2025-09-08T05:00:00.000Z", "refuse"); // Mon 8 Sep
    await at("2025-09-08T05:00:00.000Z", "grant", "face_login");
    clock.set("2025-09-10T04:00:00.000Z");
  });
  after(() => t.dispose());

  it("counts grants, refusals and withdrawals per purpose per day in Beijing time", async () => {
    const r = await t.json<Stats>("GET", "/api/v1/ledger/stats?from=2025-09-01&to=2025-09-08", { as: "auditor" });
    assert.equal(r.status, 200);
    assert.equal(r.body.buckets.length, 8);
    const news = r.body.series.find((s) => s.purpose === "newsletter");
    assert.deepEqual(news?.points.slice(0, 2), [
      { start: "2025-09-01", grant: 1, refuse: 0, withdraw: 1 },
      { start: "2025-09-02", grant: 1, refuse: 0, withdraw: 0 },
    ]);
    assert.deepEqual(news?.points.at(-1), { start: "2025-09-08", grant: 0, refuse: 1, withdraw: 0 });
    assert.deepEqual(
      r.body.series.map((s) => s.purpose),
      ["face_login", "newsletter"],
    );
  });

  it("groups by week (Monday first) and defaults to the last 30 days", async () => {
    const w = await t.json<Stats>("GET", "/api/v1/ledger/stats?from=2025-09-01&to=2025-09-10&bucket=week", { as: "agent" });
    assert.deepEqual(w.body.buckets, ["2025-09-01", "2025-09-08"]);
    assert.deepEqual(
      w.body.series.find((s) => s.purpose === "newsletter")?.points.map((p) => [p.grant, p.refuse, p.withdraw]),
      [
        [2, 0, 1],
        [0, 1, 0],
      ],
    );
    const d = await t.json<Stats>("GET", "/api/v1/ledger/stats", { as: "agent" });
    assert.equal(d.body.buckets.length, 30);
    assert.equal(d.body.buckets.at(-1), "2025-09-10");
  });

  it("refuses bad ranges with stable codes and needs consent:read", async () => {
    assert.equal((await t.json<{ code: string }>("GET", "/api/v1/ledger/stats?from=2025-02-30", { as: "admin" })).body.code, "INVALID_DATE");
    assert.equal(
      (await t.json<{ code: string }>("GET", "/api/v1/ledger/stats?from=2024-01-01&to=2025-09-01", { as: "admin" })).body.code,
      "CALENDAR_RANGE_EXCEEDED",
    );
    assert.equal((await t.json<{ code: string }>("GET", "/api/v1/ledger/stats?from=2025-09-05&to=2025-09-01", { as: "admin" })).status, 400);
    assert.equal((await t.request("GET", "/api/v1/ledger/stats")).status, 401);
  });
});
