// The broadband case end to end on PostgreSQL (issue 6): a telecom's marketing contractor may only
// see masked numbers of customers who consented to telemarketing; a bulk pull beyond the quota is
// refused and alerted; a leaked CSV is traced back to the grant. The operator table is always in a
// real PostgreSQL schema; pipguard's own database follows PIPGUARD_TEST_DB.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { writeCsv } from "../connectors/csv.js";
import { BODY_PLACE, RECIPIENT_PLACE } from "../requests/outbox.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { closeViewStores } from "./stores.js";
import { BROADBAND_VIEW, type BroadbandCase, customerMobile, setupBroadband } from "./testing.js";

type Pull = { items: Record<string, string | null>[]; nextCursor: string | null; grantId: string; usedToday: number };
type Problem = { code: string };

describe("the broadband case on PostgreSQL", () => {
  let t: TestApp;
  let bb: BroadbandCase;
  let key1: string;
  let key2: string;
  let grant1: string;
  let grant2: string;
  const pulled: Record<string, string | null>[] = [];
  const clock = { now: () => new Date("2026-11-30T02:00:00Z") }; // 10:00 in Shanghai

  before(async () => {
    t = await createTestApp({ clock, config: { PIPGUARD_ALERT_EMAIL: "dpo@telecom.example.cn" } });
    bb = await setupBroadband(t.ctx, { rows: 10_500, consenting: 4_000, withdrawEvery: 10 });
    const post = async <T>(path: string, body: unknown) => {
      const r = await t.json<T>("POST", path, { as: "privacy_officer", body });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    const c1 = await post<{ id: string }>("/api/v1/protection/contractors", { name: "华信外呼服务有限公司" });
    const c2 = await post<{ id: string }>("/api/v1/protection/contractors", { name: "另一家营销公司" });
    key1 = (await post<{ secret: string }>(`/api/v1/protection/contractors/${c1.id}/keys`, {})).secret;
    key2 = (await post<{ secret: string }>(`/api/v1/protection/contractors/${c2.id}/keys`, {})).secret;
    await post("/api/v1/protection/views", BROADBAND_VIEW);
    const grant = { view: "broadband-leads", purpose: "telemarketing", expiresAt: "2027-03-01T00:00:00+08:00", allowedHours: { start: 9, end: 21 } };
    grant1 = (await post<{ id: string }>("/api/v1/protection/grants", { ...grant, contractor: c1.id, dailyRowQuota: 5_000 })).id;
    grant2 = (await post<{ id: string }>("/api/v1/protection/grants", { ...grant, contractor: c2.id, dailyRowQuota: 5_000 })).id;
  });
  after(async () => {
    await closeViewStores(t.ctx);
    await t.dispose();
    await bb.drop();
  });

  it("gives the contractor masked numbers only, page by page", async () => {
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const r = await t.json<Pull>("GET", `/api/v1/access/broadband-leads?limit=1000${q}`, { as: { apiKey: key1 } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.grantId, grant1);
      pulled.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    assert.ok(pulled.length > 3_000);
    for (const row of pulled) {
      assert.match(row.mobile as string, /^1\d{2}\*{4}\d{4}$/);
      assert.match(row.name as string, /^.\*+$/u);
      assert.deepEqual(Object.keys(row).sort(), ["city", "mobile", "name", "plan", "ref"]);
    }
    assert.ok(!/1\d{10}/.test(JSON.stringify(pulled.map(({ ref: _r, ...rest }) => rest))), "no clear mobile number in the output");
  });

  it("leaves out customers without consent or who withdrew it, and logs only pseudonymous subject ids", async () => {
    const entries = [];
    const res = await t.request("GET", "/api/v1/protection/access-log?format=json", { as: "auditor" });
    assert.equal(res.status, 200);
    for (const line of (await res.text()).trim().split("\n"))
      entries.push(JSON.parse(line) as { action: string; grantId: string; subjectIds: string[]; rowCount: number });
    const seen = new Set(entries.filter((e) => e.action === "view_pull" && e.grantId === grant1).flatMap((e) => e.subjectIds));
    const expected = [...bb.subjects.entries()].filter(([id]) => id % 50 !== 0 && !bb.withdrawn.has(id)).map(([, sid]) => sid);
    assert.equal(seen.size, expected.length);
    for (const sid of expected) assert.ok(seen.has(sid));
    for (const id of bb.withdrawn) assert.ok(!seen.has(bb.subjects.get(id) as string), "a customer who withdrew consent was pulled");
    const canaries = await t.ctx.db.kysely.selectFrom("access_canaries").select("id").where("grant_id", "=", grant1).execute();
    assert.equal(pulled.length, expected.length + canaries.length, "every other row is a canary");
    const log = JSON.stringify(entries);
    for (const id of bb.subjects.keys()) assert.ok(!log.includes(customerMobile(id)), "no mobile number in the access log");
  });

  it("refuses a 10,000-row pull beyond the daily quota and alerts the controller through the outbox", async () => {
    const r = await t.json<Problem>("GET", "/api/v1/access/broadband-leads?limit=10000", { as: { apiKey: key1 } });
    assert.equal(r.status, 429);
    assert.equal(r.body.code, "ACCESS_QUOTA_EXCEEDED");
    const alerts = await t.json<{ items: { kind: string; grantId: string }[] }>("GET", `/api/v1/protection/alerts?grant=${grant1}`, { as: "auditor" });
    assert.ok(alerts.body.items.some((a) => a.kind === "quota_exceeded" && a.grantId === grant1));
    const mails = await t.ctx.db.kysely.selectFrom("outbox_messages").selectAll().where("subject", "like", "%quota%").execute();
    assert.equal(mails.length, 1);
    const mail = mails[0] as (typeof mails)[number];
    assert.equal(t.ctx.keyring.decrypt(mail.recipient_ciphertext, RECIPIENT_PLACE), "dpo@telecom.example.cn");
    assert.match(t.ctx.keyring.decrypt(mail.body_ciphertext, BODY_PLACE), new RegExp(grant1));
  });

  it("traces a leaked CSV (a subset, columns reordered and renamed) to the grant, not to another contractor's", async () => {
    const other = await t.json<Pull>("GET", "/api/v1/access/broadband-leads?limit=2000", { as: { apiKey: key2 } });
    assert.equal(other.status, 200);
    const subset = pulled.filter((_, i) => i % 4 === 1).map((r) => [r.plan, r.city, r.mobile, r.name].map((v) => String(v)));
    const csv = writeCsv([["套餐", "城市", "电话", "客户"], ...subset]);
    const r = await t.json<{ source: { grantId: string; confidence: number } | null; scores: { grantId: string; confidence: number; canaryHits: number }[] }>(
      "POST",
      "/api/v1/protection/leak-trace",
      { as: "auditor", body: { content: csv } },
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.source?.grantId, grant1);
    assert.ok((r.body.source?.confidence ?? 0) > 0.99);
    const second = r.body.scores.find((s) => s.grantId === grant2);
    assert.ok(second && second.confidence < 0.5, JSON.stringify(second));
  });

  it("reveals one field only with a written justification, and the access log verifies", async () => {
    const ref = pulled[0]?.ref as string;
    const bare = await t.json<Problem>("POST", "/api/v1/access/broadband-leads/reveal", { as: { apiKey: key1 }, body: { ref, field: "mobile" } });
    assert.equal(bare.status, 422);
    assert.equal(bare.body.code, "JUSTIFICATION_REQUIRED");
    const foreign = await t.json<Problem>("POST", "/api/v1/access/broadband-leads/reveal", {
      as: { apiKey: key2 },
      body: { ref, field: "mobile", justification: "客户来电要求回拨确认宽带升级的预约时间" },
    });
    assert.equal(foreign.status, 404, "another contractor cannot use this grant's ref");
    const ok = await t.json<{ value: string }>("POST", "/api/v1/access/broadband-leads/reveal", {
      as: { apiKey: key1 },
      body: { ref, field: "mobile", justification: "客户来电要求回拨确认宽带升级的预约时间" },
    });
    assert.equal(ok.status, 200);
    assert.match(ok.body.value, /^139\d{8}$/);
    const v = await t.json<{ ok: boolean; count: number }>("GET", "/api/v1/protection/access-log/verify", { as: "auditor" });
    assert.equal(v.body.ok, true);
    const csv = await (await t.request("GET", "/api/v1/protection/access-log?format=csv", { as: "auditor" })).text();
    assert.match(csv, /reveal/);
    assert.match(csv, /客户来电要求回拨/);
  });

  it("is closed to sessions and to keys that are not contractor keys", async () => {
    const admin = await t.json<Problem>("GET", "/api/v1/access/broadband-leads", { as: "admin" });
    assert.equal(admin.status, 403);
    const contractorOnAdmin = await t.json<Problem>("GET", "/api/v1/protection/grants", { as: { apiKey: key1 } });
    assert.equal(contractorOnAdmin.status, 403);
  });
});
