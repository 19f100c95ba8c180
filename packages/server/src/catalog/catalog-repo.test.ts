// Repository contract suite: runs on the engine PIPGUARD_TEST_DB selects (SQLite by default, PostgreSQL in CI).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CatalogField, CatalogSystem, DataStore, Recipient, RetentionRule } from "@pipguard/core";
import { isDomainError } from "@pipguard/core";
import type { KyselyPlugin } from "kysely";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { CatalogRepo } from "./catalog-repo.js";
import { mapConstraintError } from "./sql.js";

const NOW = "2025-01-02T03:04:05.000Z";

function counting(): KyselyPlugin & { n: number } {
  return {
    n: 0,
    transformQuery(args) {
      this.n += 1;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

describe(`CatalogRepo contract (${process.env.PIPGUARD_TEST_DB ?? "sqlite"})`, () => {
  let db: TestDb;
  let repo: CatalogRepo;
  const system: CatalogSystem = { id: "sys-1", key: "app", name: "示例商城 App", kind: "app", appType: "online_shopping", description: null };
  const store: DataStore = { id: "st-1", key: "crm", systemId: "sys-1", name: "CRM", kind: "postgres", hasConnection: false, description: "members" };
  const mobile: CatalogField = {
    id: "f-1",
    storeId: "st-1",
    table: "public.members",
    column: "mobile",
    piType: "cn_mobile",
    category: "basic",
    sensitive: false,
    identityRole: "phone",
    description: null,
  };
  const idNo: CatalogField = {
    ...mobile,
    id: "f-2",
    column: "id_no",
    piType: "cn_resident_id",
    category: "identity",
    sensitive: true,
    identityRole: "id_number",
  };

  before(async () => {
    db = await openTestDb();
    repo = new CatalogRepo(db.kysely, db.dialect);
  });
  after(async () => {
    await db.dispose();
  });

  it("starts empty", async () => {
    assert.equal(await repo.isEmpty(), true);
    assert.equal(await repo.getOrganisation(), null);
  });

  it("round-trips the organisation, a system, a store and fields column for column", async () => {
    await repo.putOrganisation({ nameZh: "示例", nameEn: "Example", contact: null }, NOW);
    await repo.putOrganisation({ nameZh: "示例商城", nameEn: "Demo Shop", contact: "privacy@example.com" }, NOW);
    assert.deepEqual(await repo.getOrganisation(), { nameZh: "示例商城", nameEn: "Demo Shop", contact: "privacy@example.com" });
    await repo.saveSystem(system, NOW);
    await repo.saveStore(store, NOW, "pg1:k:ciphertext");
    await repo.saveField(mobile, NOW);
    await repo.saveField(idNo, NOW);
    assert.deepEqual(await repo.getSystem("sys-1"), system);
    assert.deepEqual(await repo.getStore("st-1"), { ...store, hasConnection: true });
    assert.deepEqual(await repo.listFields({ storeId: "st-1" }), [idNo, mobile]);
    assert.deepEqual(await repo.findField("st-1", "public.members", "mobile"), mobile);
    assert.equal(await repo.isEmpty(), false);
  });

  it("keeps the connection ciphertext unless told to replace or clear it, and never maps it into a store", async () => {
    await repo.saveStore({ ...store, name: "CRM (renamed)" }, NOW);
    assert.equal(await repo.connectionCiphertext("st-1"), "pg1:k:ciphertext");
    const read = await repo.getStore("st-1");
    assert.equal(read?.name, "CRM (renamed)");
    assert.ok(!JSON.stringify(read).includes("ciphertext"));
    await repo.saveStore(store, NOW, null);
    assert.equal((await repo.getStore("st-1"))?.hasConnection, false);
    assert.equal(await repo.connectionCiphertext("st-1"), null);
    assert.equal(await repo.connectionCiphertext("nope"), undefined);
  });

  it("stores a purpose's field list and derives its consent facts from links in SQL", async () => {
    await repo.savePurpose(
      {
        id: "p-1",
        code: "verify",
        nameZh: "实名认证",
        nameEn: "Verify",
        description: null,
        legalBasis: "consent",
        necessity: "optional",
        consentKind: "general",
        automatedDecision: false,
        minorsUnder14: false,
        fieldIds: ["f-2", "f-1"],
      },
      NOW,
    );
    const recipient: Recipient = {
      id: "r-1",
      key: "overseas",
      name: "Overseas",
      kind: "entrusted_processor",
      country: "SG",
      contact: null,
      description: null,
      purposeIds: ["p-1"],
      piCategories: ["identity", "basic"],
    };
    await repo.saveRecipient(recipient, NOW);
    assert.deepEqual(await repo.getRecipient("r-1"), recipient);
    const p = await repo.getPurpose("p-1");
    assert.deepEqual(p?.fieldIds, ["f-1", "f-2"]);
    assert.deepEqual(p?.recipientIds, ["r-1"]);
    assert.equal(p?.sensitive, true);
    assert.equal(p?.crossBorder, true);
    assert.equal(p?.requiredConsentKind, "separate");
    assert.equal(p?.consentKind, "general");
    assert.equal((await repo.findPurposeByCode("verify"))?.id, "p-1");
  });

  it("replaces a purpose's field list on save", async () => {
    const p = await repo.getPurpose("p-1");
    assert.ok(p);
    await repo.savePurpose({ ...p, fieldIds: ["f-1"] }, NOW);
    const again = await repo.getPurpose("p-1");
    assert.deepEqual(again?.fieldIds, ["f-1"]);
    assert.equal(again?.sensitive, false);
  });

  it("lists 100 purposes with their links in a single query (no N+1)", async () => {
    for (let i = 0; i < 100; i++) {
      await repo.savePurpose(
        {
          id: `bulk-${String(i).padStart(3, "0")}`,
          code: `bulk_${i}`,
          nameZh: `目的${i}`,
          nameEn: `Purpose ${i}`,
          description: null,
          legalBasis: "consent",
          necessity: "optional",
          consentKind: "general",
          automatedDecision: false,
          minorsUnder14: false,
          fieldIds: i % 2 ? ["f-1"] : ["f-1", "f-2"],
        },
        NOW,
      );
    }
    const plugin = counting();
    const list = await new CatalogRepo(db.kysely.withPlugin(plugin), db.dialect).listPurposes();
    assert.equal(plugin.n, 1);
    assert.equal(list.length, 101);
    assert.deepEqual(list.find((p) => p.code === "bulk_0")?.fieldIds, ["f-1", "f-2"]);
    assert.equal(list.find((p) => p.code === "bulk_0")?.requiredConsentKind, "separate");
    assert.equal(list.find((p) => p.code === "bulk_1")?.requiredConsentKind, "general");
  });

  it("round-trips retention rules and counts what references an entity", async () => {
    const rule: RetentionRule = {
      id: "rr-1",
      key: "verify-30d",
      purposeId: "p-1",
      storeId: "st-1",
      period: "P30D",
      trigger: "purpose_fulfilled",
      action: "delete",
      legalReference: null,
      description: "删除",
    };
    await repo.saveRetentionRule(rule, NOW);
    assert.deepEqual(await repo.getRetentionRule("rr-1"), rule);
    assert.deepEqual(await repo.referencesTo("purposes", "p-1"), [
      { table: "recipient_purposes", count: 1 },
      { table: "retention_rules", count: 1 },
    ]);
    assert.deepEqual(await repo.referencesTo("data_stores", "st-1"), [
      { table: "catalog_fields", count: 2 },
      { table: "retention_rules", count: 1 },
    ]);
    assert.equal(await repo.idByUnique("purposes", "code", "verify"), "p-1");
    assert.equal(await repo.idByUnique("systems", "key", "none"), undefined);
  });

  it("lets the engine refuse a dangling delete and a duplicate key (mapped to domain codes)", async () => {
    const fk = await repo.delete("catalog_fields", "f-1").catch((e: unknown) => mapConstraintError(e));
    assert.ok(isDomainError(fk, "REFERENCE_IN_USE"), String(fk));
    const dup = await repo.saveSystem({ ...system, id: "sys-2" }, NOW).catch((e: unknown) => mapConstraintError(e));
    assert.ok(isDomainError(dup, "ALREADY_EXISTS"), String(dup));
  });

  it("deletes a recipient with its purpose links, and reports a missing row", async () => {
    assert.equal(await repo.delete("recipients", "r-1"), true);
    assert.equal(await repo.delete("recipients", "r-1"), false);
    assert.deepEqual((await repo.getPurpose("p-1"))?.recipientIds, []);
  });
});
