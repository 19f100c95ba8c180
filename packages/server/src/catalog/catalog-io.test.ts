import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isDomainError } from "@pipguard/core";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { exportCatalog, importCatalog, renderDocument } from "./catalog-io.js";
import { DEMO_CATALOG_YAML } from "./demo-catalog.js";
import { catalogService, seedDemoCatalog } from "./index.js";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

async function rejection(p: Promise<unknown>): Promise<{ code: string; issues: { path: string; code: string }[] }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(isDomainError(e), `expected a DomainError, got ${String(e)}`);
  return { code: e.code, issues: (e.details?.issues as { path: string; code: string }[]) ?? [] };
}

describe("catalog import and export", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ users: false });
  });
  after(async () => {
    await t.dispose();
  });

  it("keeps docs/examples/demo-catalog.yaml identical to the demo seed (copy DEMO_CATALOG_YAML there when it changes)", () => {
    assert.equal(readFileSync(join(REPO_ROOT, "docs", "examples", "demo-catalog.yaml"), "utf8"), DEMO_CATALOG_YAML);
  });

  it("writes nothing when any part of the document is wrong, and names the path", async () => {
    const bad = DEMO_CATALOG_YAML.replace("legalBasis: contract_or_hr # PIPL", "legalBasis: legitimate_interest # PIPL");
    const r = await rejection(importCatalog(catalogService(t.ctx), { format: "yaml", content: bad }));
    assert.equal(r.code, "UNKNOWN_LEGAL_BASIS");
    assert.deepEqual(
      r.issues.map((i) => i.path),
      ["purposes[0].legalBasis"],
    );
    assert.equal(await catalogService(t.ctx).repo.isEmpty(), true);
    assert.deepEqual(await catalogService(t.ctx).listStores(), []);
  });

  it("answers INVALID_CATALOG when errors of several kinds occur, listing each", async () => {
    const bad = DEMO_CATALOG_YAML.replace("appType: online_shopping", "appType: spaceships").replace(
      "purposes: [order_fulfilment]\n    piCategories: [basic]",
      "purposes: [nope]\n    piCategories: [basic]",
    );
    const r = await rejection(importCatalog(catalogService(t.ctx), { format: "yaml", content: bad }));
    assert.equal(r.code, "INVALID_CATALOG");
    assert.deepEqual(r.issues.map((i) => `${i.code} ${i.path}`).sort(), ["UNKNOWN_APP_TYPE systems[0].appType", "UNKNOWN_REFERENCE recipients[0].purposes[0]"]);
  });

  it("reports shape errors by path and unparsable text without a stack trace", async () => {
    const shape = await rejection(
      importCatalog(catalogService(t.ctx), {
        format: "json",
        content: JSON.stringify({ version: 1, purposes: [{ code: "x", nameZh: "x", nameEn: "x", legalBasis: "consent", necessity: "maybe" }] }),
      }),
    );
    assert.equal(shape.code, "VALIDATION_FAILED");
    assert.deepEqual(
      shape.issues.map((i) => i.path),
      ["purposes[0].necessity"],
    );
    const syntax = await rejection(importCatalog(catalogService(t.ctx), { format: "yaml", content: "version: 1\nsystems: [\n" }));
    assert.equal(syntax.code, "INVALID_CATALOG");
    const json = await rejection(importCatalog(catalogService(t.ctx), { format: "json", content: "{" }));
    assert.equal(json.code, "INVALID_CATALOG");
  });

  it("does nothing on a dry run but counts what it would do", async () => {
    const r = await importCatalog(catalogService(t.ctx), { format: "yaml", content: DEMO_CATALOG_YAML, dryRun: true });
    assert.deepEqual(r.created, { systems: 2, stores: 2, fields: 14, purposes: 6, recipients: 4, retentionRules: 6 });
    assert.equal(await catalogService(t.ctx).repo.isEmpty(), true);
  });

  it("seeds the demo once, encrypting its connection strings at rest", async () => {
    assert.equal(await seedDemoCatalog(t.ctx), true);
    assert.equal(await seedDemoCatalog(t.ctx), false);
    const rows = await t.db.kysely.selectFrom("data_stores").select(["key", "connection_ciphertext"]).orderBy("key").execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.match(row.connection_ciphertext ?? "", /^pg1:/);
      assert.ok(!/demo-only-password|sqlite:|postgres:/.test(row.connection_ciphertext ?? ""));
    }
    const crm = (await catalogService(t.ctx).listStores()).find((s) => s.key === "crm");
    assert.match((await catalogService(t.ctx).revealConnection(crm?.id ?? "")) ?? "", /^postgres:\/\/crm_reader:demo-only-password@/);
  });

  it("imports the demo without a single error or warning", async () => {
    const r = await importCatalog(catalogService(t.ctx), { format: "yaml", content: DEMO_CATALOG_YAML, dryRun: true });
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.created, { systems: 0, stores: 0, fields: 0, purposes: 0, recipients: 0, retentionRules: 0 });
    assert.equal(r.updated.fields, 14);
  });

  // Last: it closes this file's database before opening the fresh one (two migrated PostgreSQL test
  // schemas open at once confuse Kysely's migrator, which looks for its tables in every schema).
  it("round-trips: export → import into a fresh database → the same export", async () => {
    const first = await exportCatalog(catalogService(t.ctx));
    assert.ok(!JSON.stringify(first).includes("demo-only-password"), "the export carries no connection string");
    await t.dispose();
    t = await createTestApp({ users: false });
    for (const format of ["yaml", "json"] as const) {
      await importCatalog(catalogService(t.ctx), { format, content: renderDocument(first, format) });
      assert.deepEqual(await exportCatalog(catalogService(t.ctx)), first);
    }
  });
});
