// Grant rules, alerts and the access log on a small SQLite operator store (runs on both engines).
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deflateRawSync } from "node:zlib";
import { CANARY_EVERY, type CellValue, isCanarySlot } from "@pipguard/core";
import Database from "better-sqlite3";
import { catalogService } from "../catalog/index.js";
import { consentArea } from "../consent/index.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { accessLogPages, packSubjectIds, unpackSubjectIds, verifyAccessLog } from "./access-log.js";
import { createContractor, createContractorKey, createGrant, saveView, setGrantStatus } from "./admin.js";
import { exportView, grantMac } from "./pull.js";
import { markBatch, openRef, sealRef } from "./refs.js";
import { closeViewStores } from "./stores.js";
import { BROADBAND_VIEW, customerMobile, customerName, PLANS } from "./testing.js";

type Problem = { code: string };

describe("contractor grants, alerts and the access log", () => {
  let t: TestApp;
  let at = new Date("2026-11-30T02:00:00Z"); // 10:00 in Shanghai
  let key: string;
  let grantId: string;
  let storeFile: string;
  const CONTRACTOR = "外呼承包商";

  before(async () => {
    t = await createTestApp({ clock: { now: () => at }, config: { PIPGUARD_ALERT_EMAIL: "dpo@example.cn", PIPGUARD_SESSION_HOURS: "720" } });
    const file = join(mkdtempSync(join(tmpdir(), "pipguard-access-")), "crm.db");
    storeFile = file;
    const db = new Database(file);
    db.exec("create table customers (id integer primary key, name text, mobile text, plan text, city text, status text)");
    const ins = db.prepare("insert into customers values (?, ?, ?, ?, ?, ?)");
    for (let i = 1; i <= 300; i++) ins.run(i, customerName(i), customerMobile(i), PLANS[i % 4], "广州", "active");
    db.close();
    const cat = catalogService(t.ctx);
    const sys = await cat.createSystem({ key: "telecom", name: "营业系统", kind: "app", appType: null });
    await cat.createPurpose({
      code: "telemarketing",
      nameZh: "电话营销",
      nameEn: "Telemarketing",
      legalBasis: "consent",
      consentKind: "general",
      necessity: "optional",
    });
    await cat.createStore({ key: "crm", systemId: sys.id, name: "CRM", kind: "sqlite", connection: file });
    const area = consentArea(t.ctx);
    const doc = await area.policies.create({ app: "telecom", kind: "privacy_policy", title: "隐私政策" });
    await area.policies.publish(doc.id, { content: "v1\n", changeSummary: "首次发布" });
    for (let i = 1; i <= 100; i++) {
      const s = await area.subjects.create({ identities: [{ type: "mobile", value: customerMobile(i) }], ageBand: "adult" });
      await area.consent.record({
        subjectId: s.id,
        app: "telecom",
        purpose: "telemarketing",
        action: "grant",
        kind: "general",
        policyVersion: 1,
        channel: "app",
      });
    }
    const c = await createContractor(t.ctx, CONTRACTOR);
    key = (await createContractorKey(t.ctx, c.id, null)).secret;
    await saveView(t.ctx, BROADBAND_VIEW);
    grantId = (
      await createGrant(
        t.ctx,
        {
          contractor: CONTRACTOR,
          view: BROADBAND_VIEW.name,
          purpose: "telemarketing",
          expiresAt: "2026-12-31T00:00:00Z",
          dailyRowQuota: 1000,
          allowedHours: { start: 9, end: 18 },
          autoSuspend: true,
        },
        null,
      )
    ).id;
  });
  after(async () => {
    await closeViewStores(t.ctx);
    await t.dispose();
  });

  const pull = (limit = 50) => t.json<{ items: unknown[] } & Problem>("GET", `/api/v1/access/broadband-leads?limit=${limit}`, { as: { apiKey: key } });

  it("serves only consenting customers", async () => {
    const r = await pull(1000);
    assert.equal(r.status, 200);
    const canaries = await t.ctx.db.kysely.selectFrom("access_canaries").select("id").execute();
    assert.equal(r.body.items.length, 100 + canaries.length);
  });

  it("exports the same rows as a pull, streamed as NDJSON with an end line, logged and counted", async () => {
    const canaryRows = () => t.ctx.db.kysely.selectFrom("access_canaries").select(["id", "anchor", "print_ciphertext"]).orderBy("anchor").execute();
    const canariesBefore = await canaryRows();
    const page = (await pull(1000)).body.items as Record<string, string>[];
    const usage = async () =>
      Number((await t.ctx.db.kysely.selectFrom("access_usage").select("rows").where("grant_id", "=", grantId).executeTakeFirst())?.rows);
    const before = await usage();
    const res = await t.request("GET", "/api/v1/access/broadband-leads/export", { as: { apiKey: key } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const text = (await res.text()).trim().split("\n");
    const lines = text.map((l) => JSON.parse(l) as Record<string, unknown>);
    const end = lines.pop() as { end: { rows: number; exhausted: boolean; nextCursor: string | null } };
    assert.deepEqual(lines, page, "the export carries exactly the rows (and canaries) a pull gives, in order");
    assert.deepEqual(
      text.slice(0, -1),
      page.map((row) => JSON.stringify(row)),
      "each line is the JSON of the pulled row, byte for byte",
    );
    assert.deepEqual([end.end.rows, end.end.exhausted, end.end.nextCursor], [page.length, true, null]);
    assert.equal((await usage()) - before, page.length, "the export counts against the daily quota");
    const log = await t.ctx.db.kysely.selectFrom("access_log").select(["action", "row_count"]).orderBy("seq", "desc").executeTakeFirstOrThrow();
    assert.deepEqual([log.action, Number(log.row_count)], ["view_export", page.length]);
    assert.ok(!JSON.stringify(lines).includes(customerMobile(1)), "numbers are masked");
    assert.ok(canariesBefore.length > 0);
    assert.deepEqual(await canaryRows(), canariesBefore, "canaries already recorded are kept as they were, not written again");
  });

  it("logs each part of an export before it is sent, and a contractor who hangs up mid-export gets no more rows logged", async () => {
    const entries = async () =>
      (await t.ctx.db.kysely.selectFrom("access_log").select(["action", "row_count"]).orderBy("seq").execute()).filter((e) => e.action === "view_export");
    const before = (await entries()).length;
    const contractorId = (await t.ctx.db.kysely.selectFrom("access_grants").select("contractor_id").where("id", "=", grantId).executeTakeFirstOrThrow())
      .contractor_id;
    const out = await exportView(t.ctx, { contractorId, view: "broadband-leads", format: "ndjson", logEvery: 10 });
    const reader = out.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const sent = first.trim().split("\n").length;
    const logged = (await entries()).slice(before);
    assert.equal(logged.length, 1, "the first part is logged before it leaves");
    assert.equal(Number(logged[0]?.row_count), sent);
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await entries()).length - before, 1, "nothing more is read or logged after the hang-up");
    assert.equal((await verifyAccessLog(t.ctx)).ok, true);
    assert.equal((await pull(1)).status, 200);
  });

  it("ends an NDJSON export that fails half-way with an error line, not a silent cut", async () => {
    const contractorId = (await t.ctx.db.kysely.selectFrom("access_grants").select("contractor_id").where("id", "=", grantId).executeTakeFirstOrThrow())
      .contractor_id;
    const out = await exportView(t.ctx, { contractorId, view: "broadband-leads", format: "ndjson", logEvery: 10, batchRows: 10 });
    const reader = out.body.getReader();
    await reader.read();
    const store = new Database(storeFile);
    store.exec("alter table customers rename to customers_away");
    try {
      let text = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
      const last = JSON.parse(text.trim().split("\n").pop() as string) as { error?: { code: string; rows: number } };
      assert.ok(last.error, "the last line says the export stopped");
      assert.ok(!text.includes('"end"'), "and there is no end line");
    } finally {
      store.exec("alter table customers_away rename to customers");
      store.close();
    }
    assert.equal((await pull(1)).status, 200);
  });

  it("exports CSV with a BOM and a header row, and a CSV export traces back to the grant", async () => {
    const res = await t.request("GET", "/api/v1/access/broadband-leads/export?format=csv&limit=60", { as: { apiKey: key } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-disposition") ?? "", /broadband-leads-\d{4}-\d{2}-\d{2}\.csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 BOM, so spreadsheet software reads the Chinese right");
    const text = bytes.subarray(3).toString("utf8");
    assert.ok(text.startsWith("ref,mobile,name,plan,city\n"), text.slice(0, 40));
    const rows = text.trim().split("\n").slice(1);
    assert.equal(rows.length, 60);
    assert.match(rows[0] as string, /^r1\.[\w-]+,139\*{4}\d{4},/);
    const trace = await t.json<{ source: { grantId: string } | null }>("POST", "/api/v1/protection/leak-trace", { as: "auditor", body: { content: text } });
    assert.equal(trace.body.source?.grantId, grantId);
  });

  it("refuses a reveal without a written justification", async () => {
    const first = (await pull(1)).body.items[0] as { ref: string };
    for (const justification of [undefined, "因为需要"]) {
      const r = await t.json<Problem>("POST", "/api/v1/access/broadband-leads/reveal", {
        as: { apiKey: key },
        body: { ref: first.ref, field: "mobile", justification },
      });
      assert.equal(r.status, 422);
      assert.equal(r.body.code, "JUSTIFICATION_REQUIRED");
    }
  });

  it("counts a reveal as one row against the daily quota", async () => {
    const usage = async () =>
      Number((await t.ctx.db.kysely.selectFrom("access_usage").select("rows").where("grant_id", "=", grantId).executeTakeFirst())?.rows);
    const first = (await pull(1)).body.items[0] as { ref: string };
    const before = await usage();
    const r = await t.json<{ value: string }>("POST", "/api/v1/access/broadband-leads/reveal", {
      as: { apiKey: key },
      body: { ref: first.ref, field: "plan", justification: "客户来电要求核对当前宽带套餐以便办理升级" },
    });
    assert.equal(r.status, 200);
    assert.equal((await usage()) - before, 1);
  });

  it("refuses a pull outside allowed hours, alerts and suspends the auto-suspending grant", async () => {
    at = new Date("2026-11-30T14:30:00Z"); // 22:30 in Shanghai
    const r = await pull();
    assert.equal(r.status, 403);
    assert.equal(r.body.code, "OUTSIDE_ALLOWED_HOURS");
    const alerts = await t.json<{ items: { kind: string; suspended: boolean }[] }>("GET", "/api/v1/protection/alerts", { as: "auditor" });
    assert.equal(alerts.status, 200, JSON.stringify(alerts.body));
    assert.deepEqual(
      alerts.body.items.map((a) => [a.kind, a.suspended]),
      [["outside_hours", true]],
    );
    const mails = await t.ctx.db.kysely.selectFrom("outbox_messages").select("subject").execute();
    assert.ok(mails.some((m) => m.subject.includes("outside allowed hours")));
    at = new Date("2026-11-30T03:00:00Z");
    const again = await pull();
    assert.equal(again.status, 403);
    assert.equal(again.body.code, "GRANT_SUSPENDED");
    await setGrantStatus(t.ctx, grantId, "resume");
    assert.equal((await pull()).status, 200);
  });

  it("alerts on a day above three times the 7-day median", async () => {
    for (let d = 1; d <= 7; d++)
      await t.ctx.db.kysely
        .insertInto("access_usage")
        .values({ grant_id: grantId, day: `2026-11-${String(30 - d).padStart(2, "0")}`, rows: 20 })
        .execute();
    at = new Date("2026-11-30T04:00:00Z");
    const r = await pull(100); // today: 1000-limit pull above + 1 + 50 + 100 rows > 3 × 20
    assert.equal(r.status, 200);
    const alerts = await t.json<{ items: { kind: string; detail: { sevenDayMedian: number } }[] }>("GET", "/api/v1/protection/alerts", { as: "auditor" });
    const volume = alerts.body.items.find((a) => a.kind === "unusual_volume");
    assert.equal(volume?.detail.sevenDayMedian, 20);
    assert.equal((await pull()).body.code, "GRANT_SUSPENDED");
  });

  it("refuses a bad export request with VALIDATION_FAILED, and an admin session with FORBIDDEN", async () => {
    for (const q of ["format=xml", "limit=0", "limit=1000001", "limit=ten"]) {
      const r = await t.json<Problem>("GET", `/api/v1/access/broadband-leads/export?${q}`, { as: { apiKey: key } });
      assert.deepEqual([r.status, r.body.code], [400, "VALIDATION_FAILED"], q);
    }
    await setGrantStatus(t.ctx, grantId, "resume");
    const bad = await t.json<Problem>("GET", "/api/v1/access/broadband-leads/export?cursor=forged", { as: { apiKey: key } });
    assert.deepEqual([bad.status, bad.body.code], [400, "VALIDATION_FAILED"]);
    assert.equal((await t.request("GET", "/api/v1/access/broadband-leads/export", { as: "admin" })).status, 403);
  });

  it("refuses an export asking for more rows than the quota has left, before sending any", async () => {
    await setGrantStatus(t.ctx, grantId, "resume");
    const res = await t.json<Problem>("GET", "/api/v1/access/broadband-leads/export?limit=5000", { as: { apiKey: key } });
    assert.equal(res.status, 429);
    assert.equal(res.body.code, "ACCESS_QUOTA_EXCEEDED");
    const alerts = await t.json<{ items: { kind: string }[] }>("GET", "/api/v1/protection/alerts", { as: "auditor" });
    assert.ok(alerts.body.items.some((x) => x.kind === "quota_exceeded"));
  });

  it("refuses expired and revoked grants", async () => {
    await setGrantStatus(t.ctx, grantId, "resume");
    at = new Date("2026-12-31T02:00:00Z");
    assert.equal((await pull()).body.code, "GRANT_EXPIRED");
    at = new Date("2026-12-01T02:00:00Z");
    await setGrantStatus(t.ctx, grantId, "revoke");
    assert.equal((await pull()).body.code, "GRANT_REVOKED");
  });

  it("seals row refs per grant: they open under their own grant only and a flipped bit is refused", () => {
    const ref = sealRef(t.ctx, "grant-a", { k: [42] });
    assert.deepEqual(openRef(t.ctx, "grant-a", ref), { k: [42] });
    assert.equal(openRef(t.ctx, "grant-b", ref), undefined);
    const raw = Buffer.from(ref.slice(3), "base64url");
    raw[5] = (raw[5] as number) ^ 1;
    assert.equal(openRef(t.ctx, "grant-a", `r1.${raw.toString("base64url")}`), undefined);
    const long = sealRef(t.ctx, "grant-a", { k: ["a-composite-key-longer-than-a-block", 7] });
    assert.deepEqual(openRef(t.ctx, "grant-a", long), { k: ["a-composite-key-longer-than-a-block", 7] });
    assert.equal(openRef(t.ctx, "grant-b", long), undefined);
  });

  it("marks a batch: refs open to their row keys (short and long), slots are deterministic, per grant and about one in CANARY_EVERY", () => {
    const keys: CellValue[][] = Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? [`composite-key-longer-than-a-block-${i}`, i] : [i]));
    const json = keys.map((k) => JSON.stringify(k));
    const mac = grantMac(t.ctx, "grant-a");
    const a = markBatch(t.ctx, "grant-a", mac, json);
    for (const [i, k] of keys.entries()) assert.deepEqual(openRef(t.ctx, "grant-a", a.refs[i] as string), { k });
    assert.equal(openRef(t.ctx, "grant-b", a.refs[1] as string), undefined);
    assert.deepEqual(markBatch(t.ctx, "grant-a", mac, json).slots, a.slots, "a row pulled twice gets the same canary");
    const count = (s: Uint8Array) => s.reduce((n, x) => n + x, 0);
    const expected = 5000 / CANARY_EVERY;
    assert.ok(count(a.slots) > expected / 2 && count(a.slots) < expected * 2, String(count(a.slots)));
    const b = markBatch(t.ctx, "grant-b", grantMac(t.ctx, "grant-b"), json);
    assert.notDeepEqual(b.slots, a.slots, "another grant's canaries follow other rows");
    // Slots of the long keys come from the HMAC mark, the same as core's per-row rule.
    for (let i = 0; i < 5000; i += 10) assert.equal(a.slots[i] === 1, isCanarySlot(mac, json[i] as string));
  });

  it("stores long subject-id lists deflated, reads them back whole, and catches a damaged one", async () => {
    const rows = await t.ctx.db.kysely.selectFrom("access_log").select(["seq", "subject_ids", "row_count"]).orderBy("seq").execute();
    const packed = rows.filter((r) => r.subject_ids.startsWith("z:"));
    assert.ok(packed.length > 0 && rows.some((r) => r.subject_ids.startsWith("[")), "large entries packed, small ones plain, in one log");
    const known = new Set((await t.ctx.db.kysely.selectFrom("subjects").select("id").execute()).map((r) => r.id));
    const entries = new Map<number, string[]>();
    for await (const page of accessLogPages(t.ctx)) for (const e of page) entries.set(e.seq, e.subjectIds);
    for (const r of packed) {
      const ids = entries.get(Number(r.seq)) as string[];
      assert.ok(JSON.stringify(ids).length >= 2048 && ids.every((id) => known.has(id)), "the packed ids are the subjects' ids, 2 KB of JSON or more");
      assert.ok(r.subject_ids.length < 0.6 * JSON.stringify(ids).length, "and take less room (≈ 0.5 of the JSON for 100 ids)");
    }
    assert.equal((await verifyAccessLog(t.ctx)).ok, true, "packed and plain entries verify alike");
    // An export part's 10,000 ids: about a third of the JSON.
    const many = JSON.stringify(Array.from({ length: 10_000 }, () => t.ctx.ids.next()));
    const stored = await packSubjectIds(many);
    assert.ok(stored.length < 0.4 * many.length, `10,000 ids packed to ${stored.length} of ${many.length} characters`);
    assert.equal(JSON.stringify(unpackSubjectIds(stored)), many);
    const victim = packed[0] as (typeof packed)[number];
    const seq = Number(victim.seq);
    // Another id list, well packed (one id changed by a character); a cut stream; garbage; bad JSON.
    // (A flipped bit of the deflated bytes is not always a change: it may land in a part of the
    // Huffman table no symbol uses and inflate to the same ids — which then rightly verify.)
    const ids = entries.get(seq) as string[];
    const other = [`${(ids[0] as string).slice(0, -1)}${(ids[0] as string).endsWith("0") ? "1" : "0"}`, ...ids.slice(1)];
    const repacked = `z:${deflateRawSync(JSON.stringify(other)).toString("base64")}`;
    for (const damaged of [repacked, victim.subject_ids.slice(0, -8), "z:not deflate at all", "z:", '["not json']) {
      await t.ctx.db.kysely.updateTable("access_log").set({ subject_ids: damaged }).where("seq", "=", seq).execute();
      const v = await verifyAccessLog(t.ctx);
      assert.deepEqual([v.ok, !v.ok && v.position], [false, seq], `a damaged id list (${damaged.slice(0, 12)}…) is an edited entry, not an error`);
    }
    await t.ctx.db.kysely.updateTable("access_log").set({ subject_ids: victim.subject_ids }).where("seq", "=", seq).execute();
    assert.equal((await verifyAccessLog(t.ctx)).ok, true);
  });

  it("detects a tampered access-log row at its position", async () => {
    const before = await verifyAccessLog(t.ctx);
    assert.equal(before.ok, true);
    assert.ok(before.count >= 4);
    await t.ctx.db.kysely.updateTable("access_log").set({ row_count: 999 }).where("seq", "=", 2).execute();
    const v = await verifyAccessLog(t.ctx);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.position, 2);
    const r = await t.json<{ ok: boolean; position: number }>("GET", "/api/v1/protection/access-log/verify", { as: "auditor" });
    assert.deepEqual([r.body.ok, r.body.position], [false, 2]);
  });
});
