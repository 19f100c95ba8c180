import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

// Sessions of the hand-built corpus (packages/core/src/audit/corpus); this file runs from packages/server/dist/….
const CORPUS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "..", "core", "src", "audit", "corpus");
const load = (base: string) => JSON.parse(readFileSync(join(CORPUS, `${base}.trace.json`), "utf8")) as Record<string, unknown>;
const text = (base: string, ext: string) => readFileSync(join(CORPUS, `${base}.${ext}`), "utf8");

type Problem = { code: string; detail?: string };
type Inspection = {
  id: string;
  status: string;
  batch: string | null;
  findingsCount: number;
  labels: string[];
  previousId: string | null;
  report: { schemaVersion: string; findings: { ruleId: string; evidence: number[] }[] };
  rectification: { fixed: number; notFixed: number; items: { ruleId: string; status: string }[] } | null;
};

describe("app audit inspections over HTTP", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("stores an inspection with its findings, and lists it by batch", async () => {
    const r = await t.json<Inspection>("POST", "/api/v1/audit/inspections", {
      as: "privacy_officer",
      body: { trace: load("13-self-start-forced-targeting"), batch: "2026-Q4 应用宝", deadline: "2026-12-15" },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, "open");
    assert.deepEqual(r.body.labels, ["APP频繁自启动和关联启动", "未提供撤回同意途径", "隐私政策难以访问", "强制用户使用定向推送功能"]);
    assert.equal(r.body.report.schemaVersion, "pipguard-audit/1");
    const one = await t.json<Inspection>("GET", `/api/v1/audit/inspections/${r.body.id}`, { as: "auditor" });
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.report.findings.find((f) => f.ruleId === "self_start")?.evidence, [7]);
    const list = await t.json<{ items: { id: string }[] }>("GET", `/api/v1/audit/inspections?batch=${encodeURIComponent("2026-Q4 应用宝")}`, { as: "auditor" });
    assert.deepEqual(
      list.body.items.map((i) => i.id),
      [r.body.id],
    );
  });

  it("re-inspects a later version: fixed findings settle the earlier inspection and leave the notice", async () => {
    const batch = "recheck";
    const first = await t.json<Inspection>("POST", "/api/v1/audit/inspections", {
      as: "privacy_officer",
      body: {
        trace: load("01-sdk-android-id-before-consent"),
        policy: text("01-sdk-android-id-before-consent", "policy.md"),
        batch,
        deadline: "2026-12-15",
      },
    });
    assert.equal(first.status, 201);
    const later = load("09-compliant-shop");
    (later.session as { app: { version: string } }).app.version = "1.1.0";
    const second = await t.json<Inspection>("POST", "/api/v1/audit/inspections", {
      as: "privacy_officer",
      body: {
        trace: later,
        policy: text("09-compliant-shop", "policy.md"),
        sdkList: JSON.parse(text("09-compliant-shop", "sdk-list.json")),
        previousId: first.body.id,
      },
    });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.batch, batch, "a re-inspection stays in the earlier batch");
    assert.deepEqual(second.body.rectification?.items, [
      { ruleId: "collect_before_consent", label: "违规收集个人信息", party: "third", sdkId: "umeng", status: "fixed", evidence: [2] },
    ]);
    const settled = await t.json<Inspection>("GET", `/api/v1/audit/inspections/${first.body.id}`, { as: "auditor" });
    assert.equal(settled.body.status, "rectified");
    const notice = await t.json<{ rows: unknown[]; cleanApps: number; deadline: string }>("GET", `/api/v1/audit/notice?batch=${batch}`, { as: "auditor" });
    assert.equal(notice.status, 200);
    assert.deepEqual([notice.body.rows.length, notice.body.cleanApps, notice.body.deadline], [0, 1, "2026-12-15"]);
    const xlsx = await t.request("GET", `/api/v1/audit/notice?batch=${batch}&format=xlsx`, { as: "auditor" });
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get("content-type") ?? "", /spreadsheetml/);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    assert.deepEqual([bytes[0], bytes[1]], [0x50, 0x4b], "a zip (XLSX) file");
  });

  it("serves the report as an escaped HTML page under a no-script CSP", async () => {
    const trace = load("05-android-id-over-http");
    (trace.session as { app: { name: string } }).app.name = "<img src=x onerror=alert(1)>";
    const r = await t.json<Inspection>("POST", "/api/v1/audit/inspections", { as: "admin", body: { trace } });
    const page = await t.request("GET", `/api/v1/audit/inspections/${r.body.id}/report`, { as: "auditor" });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const html = await page.text();
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok(!html.includes("<img"));
    const md = await t.request("GET", `/api/v1/audit/inspections/${r.body.id}/report?format=md&lang=en`, { as: "auditor" });
    assert.match(await md.text(), /plaintext_transfer/);
  });

  it("rejects a malformed trace with INVALID_TRACE naming the event, and stores nothing", async () => {
    const before = await t.json<{ items: unknown[] }>("GET", "/api/v1/audit/inspections?limit=500", { as: "auditor" });
    const bad = { schemaVersion: "pi-trace/1", session: { app: {} }, events: [{ seq: 1, t: 0, type: "network", host: "a.cn", transport: "smtp" }] };
    const r = await t.json<Problem>("POST", "/api/v1/audit/inspections", { as: "privacy_officer", body: { trace: bad } });
    assert.equal(r.status, 422);
    assert.equal(r.body.code, "INVALID_TRACE");
    assert.match(r.body.detail ?? "", /seq 1.*transport/);
    const afterList = await t.json<{ items: unknown[] }>("GET", "/api/v1/audit/inspections?limit=500", { as: "auditor" });
    assert.equal(afterList.body.items.length, before.body.items.length);
  });

  it("answers 404 for an unknown inspection or previousId and 400 for unknown fields", async () => {
    assert.equal((await t.json<Problem>("GET", "/api/v1/audit/inspections/nope", { as: "auditor" })).status, 404);
    const r = await t.json<Problem>("POST", "/api/v1/audit/inspections", {
      as: "privacy_officer",
      body: { trace: load("16-no-privacy-dialog"), previousId: "nope" },
    });
    assert.deepEqual([r.status, r.body.code], [404, "NOT_FOUND"]);
    const extra = await t.json<Problem>("POST", "/api/v1/audit/inspections", {
      as: "privacy_officer",
      body: { trace: load("16-no-privacy-dialog"), verdict: "clean" },
    });
    assert.equal(extra.status, 400);
    assert.equal((await t.json<Problem>("GET", "/api/v1/audit/notice?batch=none", { as: "auditor" })).status, 404);
  });

  it("lets auditors read but not write, and keeps agents and anonymous callers out", async () => {
    const body = { trace: load("16-no-privacy-dialog") };
    assert.equal((await t.request("POST", "/api/v1/audit/inspections", { as: "auditor", body })).status, 403);
    assert.equal((await t.request("POST", "/api/v1/audit/inspections", { as: "agent", body })).status, 403);
    assert.equal((await t.request("GET", "/api/v1/audit/inspections", { as: "agent" })).status, 403);
    assert.equal((await t.request("GET", "/api/v1/audit/inspections", { as: "anonymous" })).status, 401);
  });
});
