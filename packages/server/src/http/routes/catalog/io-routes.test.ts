import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_CATALOG_YAML } from "../../../catalog/demo-catalog.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Problem = { code: string; errors?: { path: string; code: string }[] };

describe("catalog taxonomy, import, export and record-of-processing routes", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("serves the taxonomies with their source notes to catalog:read holders", async () => {
    const cats = await t.json<{ source: string; items: { id: string; verified: boolean }[]; sensitiveTable: unknown[] }>(
      "GET",
      "/api/v1/catalog/taxonomy/pi-categories",
      { as: "agent" },
    );
    assert.equal(cats.status, 200);
    assert.equal(cats.body.items.length, 13);
    assert.equal(cats.body.sensitiveTable.length, 5);
    assert.match(cats.body.source, /GB\/T 35273-2020/);
    const apps = await t.json<{ items: { zh: string }[] }>("GET", "/api/v1/catalog/taxonomy/app-types", { as: "auditor" });
    assert.equal(apps.body.items.length, 39);
    assert.ok(apps.body.items.some((a) => a.zh === "网上购物类"));
    const bases = await t.json<{ items: { article: string }[] }>("GET", "/api/v1/catalog/taxonomy/legal-bases", { as: "agent" });
    assert.deepEqual(
      bases.body.items.map((b) => b.article),
      [1, 2, 3, 4, 5, 6, 7].map((n) => `PIPL Art. 13(${n})`),
    );
    assert.equal((await t.request("GET", "/api/v1/catalog/taxonomy/app-types")).status, 401);
  });

  it("refuses imports from roles without catalog:write (403) and anonymous callers (401)", async () => {
    for (const as of ["agent", "auditor"] as const) {
      assert.equal((await t.request("POST", "/api/v1/catalog/import", { as, body: { format: "yaml", content: DEMO_CATALOG_YAML } })).status, 403);
    }
    assert.equal((await t.request("POST", "/api/v1/catalog/import", { body: { format: "yaml", content: DEMO_CATALOG_YAML } })).status, 401);
  });

  it("rejects a bad document with 422 and the path of each error, writing nothing", async () => {
    const bad = DEMO_CATALOG_YAML.replace("category: identity, piType: cn_resident_id", "category: identity_card, piType: cn_resident_id");
    const r = await t.json<Problem>("POST", "/api/v1/catalog/import", { as: "privacy_officer", body: { format: "yaml", content: bad } });
    assert.equal(r.status, 422);
    assert.equal(r.body.code, "UNKNOWN_PI_CATEGORY");
    assert.deepEqual(r.body.errors, [
      { path: "fields[4].category", code: "UNKNOWN_PI_CATEGORY", message: "'identity_card' is not a GB/T 35273-2020 Table A.1 category" },
    ]);
    const purposes = await t.json<{ items: unknown[] }>("GET", "/api/v1/catalog/purposes", { as: "agent" });
    assert.deepEqual(purposes.body.items, []);
  });

  it("imports the demo document and lists its purposes", async () => {
    const r = await t.json<{ created: Record<string, number>; warnings: unknown[] }>("POST", "/api/v1/catalog/import", {
      as: "privacy_officer",
      body: { format: "yaml", content: DEMO_CATALOG_YAML },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.created.purposes, 6);
    const list = await t.json<{ items: { code: string; consentKind: string; requiredConsentKind: string }[] }>("GET", "/api/v1/catalog/purposes", {
      as: "auditor",
    });
    assert.deepEqual(
      list.body.items.map((p) => p.code),
      ["account", "marketing_email", "order_fulfilment", "personalised_recommendation", "push_notifications", "real_name_verification"],
    );
    for (const p of list.body.items) assert.equal(p.consentKind, p.requiredConsentKind, p.code);
  });

  it("exports JSON by default and YAML on request, both importable again", async () => {
    const json = await t.json<{ version: number; purposes: { code: string }[] }>("GET", "/api/v1/catalog/export", { as: "auditor" });
    assert.equal(json.status, 200);
    assert.equal(json.body.version, 1);
    assert.equal(json.body.purposes.length, 6);
    const yaml = await t.request("GET", "/api/v1/catalog/export?format=yaml", { as: "agent" });
    assert.match(yaml.headers.get("content-type") ?? "", /^application\/yaml/);
    const again = await t.json<{ created: Record<string, number>; dryRun: boolean }>("POST", "/api/v1/catalog/import", {
      as: "admin",
      body: { format: "yaml", content: await yaml.text(), dryRun: true },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.dryRun, true);
    assert.equal(
      Object.values(again.body.created).reduce((a, b) => a + b, 0),
      0,
    );
  });

  it("serves the record of processing as JSON, CSV with a BOM, and an escaped printable HTML page", async () => {
    const json = await t.json<{ activities: { purpose: { code: string }; crossBorder: boolean }[] }>("GET", "/api/v1/catalog/ropa", { as: "auditor" });
    assert.equal(json.status, 200);
    assert.equal(json.body.activities.find((a) => a.purpose.code === "personalised_recommendation")?.crossBorder, true);
    const csv = await t.request("GET", "/api/v1/catalog/ropa?format=csv", { as: "agent" });
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    for (const code of ["account", "order_fulfilment", "real_name_verification"]) assert.match(text, new RegExp(`\\r\\n${code},`));
    await t.request("PUT", "/api/v1/catalog/organisation", { as: "admin", body: { nameZh: "示例<商城>", nameEn: "Demo & Shop", contact: null } });
    const html = await t.request("GET", "/api/v1/catalog/ropa?format=html", { as: "agent" });
    assert.match(html.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const page = await html.text();
    assert.ok(page.includes("个性化推荐"));
    assert.ok(page.includes("示例&lt;商城&gt;") && page.includes("Demo &amp; Shop"));
    assert.ok(!page.includes("<商城>"));
    assert.equal((await t.request("GET", "/api/v1/catalog/ropa?format=pdf", { as: "agent" })).status, 400);
    assert.equal((await t.request("GET", "/api/v1/catalog/ropa")).status, 401);
  });

  it("reports validation issues of the stored catalog", async () => {
    await t.request("POST", "/api/v1/catalog/purposes", {
      as: "admin",
      body: { code: "idle", nameZh: "闲置", nameEn: "Idle", legalBasis: "consent", necessity: "optional" },
    });
    const r = await t.json<{ errors: number; warnings: number; issues: { code: string }[] }>("GET", "/api/v1/catalog/validate", { as: "auditor" });
    assert.equal(r.status, 200);
    assert.equal(r.body.errors, 0);
    assert.ok(r.body.issues.some((i) => i.code === "PURPOSE_WITHOUT_FIELDS"));
    assert.ok(r.body.issues.some((i) => i.code === "NO_RETENTION_RULE"));
  });

  it("reads and sets the organisation (catalog:write to set)", async () => {
    assert.equal((await t.request("PUT", "/api/v1/catalog/organisation", { as: "auditor", body: { nameZh: "x", nameEn: "x" } })).status, 403);
    const put = await t.json<{ contact: string | null }>("PUT", "/api/v1/catalog/organisation", {
      as: "privacy_officer",
      body: { nameZh: "示例商城", nameEn: "Demo Shop" },
    });
    assert.equal(put.status, 200);
    assert.equal(put.body.contact, null);
    const get = await t.json<{ nameZh: string }>("GET", "/api/v1/catalog/organisation", { as: "agent" });
    assert.equal(get.body.nameZh, "示例商城");
  });
});
