import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Problem = { code: string; errors?: { path: string }[] };
type Entity = { id: string } & Record<string, unknown>;

describe("catalog CRUD routes", () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const post = async (path: string, body: unknown, as: "admin" | "privacy_officer" = "privacy_officer") =>
    t.json<Entity & Problem>("POST", `/api/v1/catalog/${path}`, { as, body });

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("creates a system, a store, fields, a purpose, a recipient and a retention rule (201)", async () => {
    const sys = await post("systems", { key: "shop", name: "示例商城 App", kind: "app", appType: "online_shopping" });
    assert.equal(sys.status, 201, JSON.stringify(sys.body));
    ids.system = sys.body.id;
    const store = await post("stores", { key: "crm", systemId: ids.system, name: "CRM", kind: "postgres" }, "admin");
    assert.equal(store.status, 201, JSON.stringify(store.body));
    assert.equal(store.body.hasConnection, false);
    ids.store = store.body.id;
    const mobile = await post("fields", {
      storeId: ids.store,
      table: "members",
      column: "mobile",
      category: "basic",
      piType: "cn_mobile",
      identityRole: "phone",
    });
    assert.equal(mobile.status, 201);
    assert.equal(mobile.body.sensitive, false);
    ids.mobile = mobile.body.id;
    const idNo = await post("fields", { storeId: ids.store, table: "members", column: "id_no", category: "identity" });
    assert.equal(idNo.body.sensitive, true, "GB/T 35273 Appendix B: identity documents are sensitive by default");
    ids.idNo = idNo.body.id;
    const purpose = await post("purposes", {
      code: "verify",
      nameZh: "实名认证",
      nameEn: "Verification",
      legalBasis: "consent",
      necessity: "optional",
      fieldIds: [ids.mobile, ids.idNo],
    });
    assert.equal(purpose.status, 201, JSON.stringify(purpose.body));
    assert.equal(purpose.body.consentKind, "separate", "consent kind defaults to what PIPL Art. 29 requires");
    ids.purpose = purpose.body.id;
    const recipient = await post("recipients", {
      key: "overseas",
      name: "Overseas Ltd",
      kind: "third_party",
      country: "SG",
      purposeIds: [ids.purpose],
      piCategories: ["identity"],
    });
    assert.equal(recipient.status, 201, JSON.stringify(recipient.body));
    ids.recipient = recipient.body.id;
    const rule = await post("retention-rules", { key: "verify-30d", purposeId: ids.purpose, period: "P30D", trigger: "purpose_fulfilled", action: "delete" });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    ids.rule = rule.body.id;
  });

  it("lists and gets each entity, with the purpose's derived consent and cross-border flag", async () => {
    for (const [path, id] of [
      ["systems", ids.system],
      ["stores", ids.store],
      ["fields", ids.mobile],
      ["purposes", ids.purpose],
      ["recipients", ids.recipient],
      ["retention-rules", ids.rule],
    ] as const) {
      const list = await t.json<{ items: Entity[] }>("GET", `/api/v1/catalog/${path}`, { as: "agent" });
      assert.equal(list.status, 200, path);
      assert.ok(
        list.body.items.some((x) => x.id === id),
        path,
      );
      const one = await t.json<Entity>("GET", `/api/v1/catalog/${path}/${id}`, { as: "auditor" });
      assert.equal(one.status, 200, path);
      assert.equal(one.body.id, id);
    }
    const p = await t.json<Entity>("GET", `/api/v1/catalog/purposes/${ids.purpose}`, { as: "agent" });
    assert.deepEqual(p.body.recipientIds, [ids.recipient]);
    assert.equal(p.body.crossBorder, true);
    assert.equal(p.body.requiredConsentKind, "separate");
    const fields = await t.json<{ items: Entity[] }>("GET", `/api/v1/catalog/fields?storeId=${ids.store}`, { as: "agent" });
    assert.equal(fields.body.items.length, 2);
  });

  it("patches an entity and keeps what the patch leaves out", async () => {
    const r = await t.json<Entity>("PATCH", `/api/v1/catalog/systems/${ids.system}`, { as: "privacy_officer", body: { description: "主站" } });
    assert.equal(r.status, 200);
    assert.equal(r.body.description, "主站");
    assert.equal(r.body.appType, "online_shopping");
    const p = await t.json<Entity>("PATCH", `/api/v1/catalog/purposes/${ids.purpose}`, { as: "admin", body: { fieldIds: [ids.mobile] } });
    assert.deepEqual(p.body.fieldIds, [ids.mobile]);
    assert.equal(p.body.sensitive, false);
    const declared = await t.json<Entity>("PATCH", `/api/v1/catalog/purposes/${ids.purpose}`, { as: "admin", body: { materialChange: true } });
    assert.equal(declared.status, 200);
    assert.ok((declared.body.materialChangeReasons as string[]).includes("processing_method"));
    const bad = await t.json<Problem>("PATCH", `/api/v1/catalog/purposes/${ids.purpose}`, { as: "admin", body: { materialChange: "yes" } });
    assert.deepEqual([bad.status, bad.body.code], [400, "VALIDATION_FAILED"]);
  });

  it("requires sign-in (401) and catalog:write for changes (403 for agent and auditor)", async () => {
    assert.equal((await t.request("GET", "/api/v1/catalog/purposes")).status, 401);
    assert.equal((await t.request("POST", "/api/v1/catalog/systems", { body: { key: "x", name: "x", kind: "app" } })).status, 401);
    for (const as of ["agent", "auditor"] as const) {
      const create = await t.json<Problem>("POST", "/api/v1/catalog/systems", { as, body: { key: "x", name: "x", kind: "app" } });
      assert.equal(create.status, 403, as);
      assert.equal(create.body.code, "FORBIDDEN");
      assert.equal((await t.request("PATCH", `/api/v1/catalog/purposes/${ids.purpose}`, { as, body: { nameEn: "x" } })).status, 403, as);
      assert.equal((await t.request("DELETE", `/api/v1/catalog/recipients/${ids.recipient}`, { as })).status, 403, as);
    }
  });

  it("answers unknown taxonomy ids with their own 422 codes", async () => {
    const cases: [string, unknown, string][] = [
      ["systems", { key: "y", name: "y", kind: "app", appType: "spaceships" }, "UNKNOWN_APP_TYPE"],
      ["fields", { storeId: ids.store, table: "t", column: "c", category: "mood" }, "UNKNOWN_PI_CATEGORY"],
      ["purposes", { code: "p2", nameZh: "x", nameEn: "x", legalBasis: "legitimate_interest", necessity: "optional" }, "UNKNOWN_LEGAL_BASIS"],
      ["recipients", { key: "r2", name: "x", kind: "sdk", piCategories: ["vibes"] }, "UNKNOWN_PI_CATEGORY"],
    ];
    for (const [path, body, code] of cases) {
      const r = await post(path, body);
      assert.equal(r.status, 422, path);
      assert.equal(r.body.code, code, path);
    }
  });

  it("answers references to missing entities with 422 UNKNOWN_REFERENCE", async () => {
    const cases: [string, unknown][] = [
      ["stores", { key: "s2", systemId: "missing", name: "x", kind: "file" }],
      ["fields", { storeId: "missing", table: "t", column: "c", category: "basic" }],
      ["purposes", { code: "p3", nameZh: "x", nameEn: "x", legalBasis: "consent", necessity: "optional", fieldIds: ["missing"] }],
      ["recipients", { key: "r3", name: "x", kind: "sdk", purposeIds: ["missing"] }],
      ["retention-rules", { key: "k3", purposeId: "missing", period: "P1Y", trigger: "collection", action: "delete" }],
    ];
    for (const [path, body] of cases) {
      const r = await post(path, body);
      assert.equal(r.status, 422, path);
      assert.equal(r.body.code, "UNKNOWN_REFERENCE", path);
    }
  });

  it("refuses duplicates with 409 ALREADY_EXISTS", async () => {
    const dup = await post("purposes", { code: "verify", nameZh: "x", nameEn: "x", legalBasis: "consent", necessity: "optional" });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, "ALREADY_EXISTS");
    const field = await post("fields", { storeId: ids.store, table: "members", column: "mobile", category: "basic" });
    assert.equal(field.body.code, "ALREADY_EXISTS");
  });

  it("refuses to delete what is still referenced with 409 REFERENCE_IN_USE", async () => {
    for (const [path, id] of [
      ["systems", ids.system],
      ["stores", ids.store],
      ["fields", ids.mobile],
      ["purposes", ids.purpose],
    ] as const) {
      const r = await t.json<Problem>("DELETE", `/api/v1/catalog/${path}/${id}`, { as: "admin" });
      assert.equal(r.status, 409, path);
      assert.equal(r.body.code, "REFERENCE_IN_USE", path);
    }
  });

  it("answers 404 NOT_FOUND for a missing id, and 400 for unknown or malformed properties", async () => {
    assert.equal((await t.json<Problem>("GET", "/api/v1/catalog/purposes/nope", { as: "agent" })).body.code, "NOT_FOUND");
    assert.equal((await t.request("PATCH", "/api/v1/catalog/recipients/nope", { as: "admin", body: { name: "x" } })).status, 404);
    assert.equal((await t.request("DELETE", "/api/v1/catalog/retention-rules/nope", { as: "admin" })).status, 404);
    const extra = await post("systems", { key: "z", name: "z", kind: "app", owner: "me" });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.code, "VALIDATION_FAILED");
    const patchExtra = await t.json<Problem>("PATCH", `/api/v1/catalog/systems/${ids.system}`, { as: "admin", body: { owner: "me" } });
    assert.equal(patchExtra.status, 400);
    const badPeriod = await post("retention-rules", { key: "bad", purposeId: ids.purpose, period: "30 days", trigger: "collection", action: "delete" });
    assert.equal(badPeriod.status, 400);
    assert.ok(badPeriod.body.errors?.some((e) => e.path === "period"));
    const noTarget = await post("retention-rules", { key: "bad2", period: "P1Y", trigger: "collection", action: "delete" });
    assert.equal(noTarget.status, 422);
    assert.equal(noTarget.body.code, "INVALID_CATALOG");
  });

  it("deletes in dependency order (204), then the ids are gone", async () => {
    for (const [path, id] of [
      ["retention-rules", ids.rule],
      ["recipients", ids.recipient],
      ["purposes", ids.purpose],
      ["fields", ids.mobile],
      ["fields", ids.idNo],
      ["stores", ids.store],
      ["systems", ids.system],
    ] as const) {
      assert.equal((await t.request("DELETE", `/api/v1/catalog/${path}/${id}`, { as: "privacy_officer" })).status, 204, path);
      assert.equal((await t.request("GET", `/api/v1/catalog/${path}/${id}`, { as: "agent" })).status, 404, path);
    }
  });
});
