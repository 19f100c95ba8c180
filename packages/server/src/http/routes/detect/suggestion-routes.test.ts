import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rng, ValueGen } from "@pipguard/core";
import Database from "better-sqlite3";
import { catalogService } from "../../../catalog/index.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Suggestion = { id: string; table: string; column: string; piType: string; category: string; sensitive: boolean; status: string; fieldId: string | null };

describe("catalog field suggestions from a column scan", () => {
  let t: TestApp;
  let dir: string;
  let storeId: string;
  before(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), "pipguard-suggest-"));
    const path = join(dir, "crm.db");
    const db = new Database(path);
    db.exec("CREATE TABLE member (id INTEGER PRIMARY KEY, real_name TEXT, mobile TEXT, id_no TEXT, remark TEXT)");
    const g = new ValueGen(rng(6)); // generated values, not real people's
    const ins = db.prepare("INSERT INTO member (real_name, mobile, id_no, remark) VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 50; i++) ins.run(g.name(), g.mobile(), g.residentId(), "无");
    db.close();
    const svc = catalogService(t.ctx);
    const system = await svc.createSystem({ key: "crm", name: "CRM", kind: "backend" });
    storeId = (await svc.createStore({ key: "crm-db", systemId: system.id, name: "CRM database", kind: "sqlite", connection: path })).id;
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("suggests PI columns with type, category and sensitivity; accepting creates the catalog field", async () => {
    const r = await t.json<{ items: Suggestion[] }>("POST", `/api/v1/detect/stores/${storeId}/scan`, { as: "privacy_officer", body: { sample: 50 } });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.items.map((s) => [s.table, s.column, s.piType, s.category, s.sensitive, s.status]),
      [
        ["member", "id_no", "cn_resident_id", "identity", true, "pending"],
        ["member", "mobile", "cn_mobile", "basic", false, "pending"],
        ["member", "real_name", "person_name", "basic", false, "pending"],
      ],
    );
    const idNo = r.body.items[0]!;
    const ok = await t.json<Suggestion>("POST", `/api/v1/detect/suggestions/${idNo.id}/accept`, { as: "privacy_officer" });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, "accepted");
    const fields = await catalogService(t.ctx).listFields({ storeId });
    assert.deepEqual(
      fields.map((f) => [f.table, f.column, f.piType, f.category, f.sensitive]),
      [["member", "id_no", "cn_resident_id", "identity", true]],
    );
    assert.equal(ok.body.fieldId, fields[0]!.id);
    const again = await t.json<{ code: string }>("POST", `/api/v1/detect/suggestions/${idNo.id}/accept`, { as: "privacy_officer" });
    assert.equal(again.status, 409);
  });

  it("keeps a rejected suggestion rejected and a cataloged column out of a re-scan", async () => {
    const pending = await t.json<{ items: Suggestion[] }>("GET", "/api/v1/detect/suggestions?status=pending", { as: "auditor" });
    const mobile = pending.body.items.find((s) => s.column === "mobile")!;
    assert.equal((await t.json<Suggestion>("POST", `/api/v1/detect/suggestions/${mobile.id}/reject`, { as: "admin" })).body.status, "rejected");
    const rescan = await t.json<{ items: Suggestion[] }>("POST", `/api/v1/detect/stores/${storeId}/scan`, { as: "admin" });
    assert.deepEqual(
      rescan.body.items.map((s) => s.column),
      ["real_name"],
    );
  });

  it("needs catalog:write to scan or decide, and answers 404 for unknown ids", async () => {
    assert.equal((await t.request("POST", `/api/v1/detect/stores/${storeId}/scan`, { as: "agent" })).status, 403);
    assert.equal((await t.request("POST", "/api/v1/detect/suggestions/nope/accept", { as: "admin" })).status, 404);
    assert.equal((await t.request("POST", "/api/v1/detect/stores/nope/scan", { as: "admin" })).status, 404);
    assert.equal((await t.request("GET", "/api/v1/detect/suggestions")).status, 401);
  });
});
