import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

const SECRET = "postgres://reader:Sup3r-Secret-Pw@db.internal.example:5432/crm";

describe("data-store connection strings", () => {
  let t: TestApp;
  let storeId = "";
  before(async () => {
    t = await createTestApp();
    const sys = await t.json<{ id: string }>("POST", "/api/v1/catalog/systems", { as: "admin", body: { key: "be", name: "Back end", kind: "backend" } });
    const store = await t.json<{ id: string; hasConnection: boolean }>("POST", "/api/v1/catalog/stores", {
      as: "admin",
      body: { key: "crm", systemId: sys.body.id, name: "CRM", kind: "postgres", connection: SECRET },
    });
    assert.equal(store.status, 201);
    assert.equal(store.body.hasConnection, true);
    storeId = store.body.id;
  });
  after(async () => {
    await t.dispose();
  });

  it("are encrypted at rest: the raw row holds no plaintext", async () => {
    const row = await t.db.kysely.selectFrom("data_stores").selectAll().where("id", "=", storeId).executeTakeFirstOrThrow();
    assert.match(row.connection_ciphertext ?? "", /^pg1:/);
    for (const part of ["Sup3r-Secret-Pw", "db.internal.example", "reader"]) assert.ok(!JSON.stringify(row).includes(part), part);
  });

  it("are never returned by any catalog route", async () => {
    const responses = [
      await t.request("GET", `/api/v1/catalog/stores/${storeId}`, { as: "admin" }),
      await t.request("GET", "/api/v1/catalog/stores", { as: "admin" }),
      await t.request("GET", "/api/v1/catalog/export", { as: "admin" }),
      await t.request("GET", "/api/v1/catalog/export?format=yaml", { as: "admin" }),
      await t.request("GET", "/api/v1/catalog/ropa", { as: "admin" }),
      await t.request("GET", "/api/v1/catalog/ropa?format=csv", { as: "admin" }),
      await t.request("GET", "/api/v1/catalog/ropa?format=html", { as: "admin" }),
      await t.request("PATCH", `/api/v1/catalog/stores/${storeId}`, { as: "admin", body: { name: "CRM 2" } }),
    ];
    for (const res of responses) {
      assert.equal(res.status, 200, res.url);
      const body = await res.text();
      assert.ok(!body.includes("Sup3r-Secret-Pw") && !body.includes("pg1:"), `${res.url} leaks the connection string`);
    }
  });

  it("are never logged", () => {
    assert.ok(t.logs.length > 0);
    assert.ok(!t.logs.some((l) => l.includes("Sup3r-Secret-Pw")));
  });

  it("survive a patch that does not mention them, and are cleared by null", async () => {
    const keep = await t.json<{ hasConnection: boolean }>("PATCH", `/api/v1/catalog/stores/${storeId}`, { as: "admin", body: { description: "members" } });
    assert.equal(keep.body.hasConnection, true);
    const clear = await t.json<{ hasConnection: boolean }>("PATCH", `/api/v1/catalog/stores/${storeId}`, { as: "admin", body: { connection: null } });
    assert.equal(clear.body.hasConnection, false);
    const row = await t.db.kysely.selectFrom("data_stores").select("connection_ciphertext").where("id", "=", storeId).executeTakeFirstOrThrow();
    assert.equal(row.connection_ciphertext, null);
  });
});
