import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SequentialIds } from "../testing/fakes.js";
import { type CatalogDocument, catalogToDocument, planImport } from "./document.js";
import { emptyCatalog } from "./types.js";

function doc(): CatalogDocument {
  return {
    version: 1,
    organisation: { nameZh: "示例", nameEn: "Example", contact: "privacy@example.com" },
    systems: [{ key: "app", name: "App", kind: "app", appType: "online_shopping" }],
    stores: [{ key: "crm", system: "app", name: "CRM", kind: "postgres", connection: "postgres://u:secret@h/crm" }],
    fields: [
      { store: "crm", table: "public.users", column: "mobile", category: "basic", piType: "cn_mobile", identityRole: "phone" },
      { store: "crm", table: "public.users", column: "id_no", category: "identity" },
    ],
    purposes: [
      {
        code: "verify",
        nameZh: "实名",
        nameEn: "Verify",
        legalBasis: "consent",
        necessity: "optional",
        fields: ["crm:public.users.id_no", "crm:public.users.mobile"],
      },
    ],
    recipients: [{ key: "sdk", name: "Push SDK", kind: "sdk", country: "CN", purposes: ["verify"], piCategories: ["basic"] }],
    retentionRules: [{ key: "r1", purpose: "verify", store: "crm", period: "P1Y", trigger: "collection", action: "delete" }],
  };
}

describe("planImport", () => {
  it("resolves keys, codes and storeKey:table.column references into ids", () => {
    const ids = new SequentialIds("n");
    const plan = planImport(doc(), emptyCatalog(), () => ids.next());
    assert.deepEqual(plan.issues, []);
    const c = plan.catalog;
    assert.equal(c.fields[0]?.storeId, c.stores[0]?.id);
    assert.deepEqual(c.purposes[0]?.fieldIds, [c.fields[1]?.id, c.fields[0]?.id]);
    assert.deepEqual(c.recipients[0]?.purposeIds, [c.purposes[0]?.id]);
    assert.equal(c.retentionRules[0]?.storeId, c.stores[0]?.id);
    assert.equal(plan.created.fields.length, 2);
  });

  it("fills in defaults: sensitivity from GB/T 35273 Appendix B, consent kind from the rules", () => {
    const ids = new SequentialIds("n");
    const c = planImport(doc(), emptyCatalog(), () => ids.next()).catalog;
    assert.equal(c.fields.find((f) => f.column === "id_no")?.sensitive, true);
    assert.equal(c.fields.find((f) => f.column === "mobile")?.sensitive, false);
    // sensitive ID number + an SDK (third party): separate consent (PIPL Art. 29, 23)
    assert.equal(c.purposes[0]?.consentKind, "separate");
  });

  it("keeps the connection string out of the catalog and hands it over by store id", () => {
    const ids = new SequentialIds("n");
    const plan = planImport(doc(), emptyCatalog(), () => ids.next());
    assert.equal(plan.catalog.stores[0]?.hasConnection, true);
    assert.equal(plan.connections.get(plan.catalog.stores[0]?.id ?? ""), "postgres://u:secret@h/crm");
    assert.ok(!JSON.stringify(plan.catalog).includes("secret"));
  });

  it("names each unresolved reference with its document path", () => {
    const d = doc();
    d.stores[0]!.system = "nope";
    d.purposes[0]!.fields.push("crm:public.users.missing", "garbage");
    d.recipients[0]!.purposes = ["unknown"];
    d.retentionRules[0]!.store = "gone";
    const ids = new SequentialIds("n");
    const paths = planImport(d, emptyCatalog(), () => ids.next()).issues.map((i) => `${i.code}:${i.path}`);
    assert.deepEqual(paths.sort(), [
      "UNKNOWN_REFERENCE:purposes[0].fields[2]",
      "UNKNOWN_REFERENCE:purposes[0].fields[3]",
      "UNKNOWN_REFERENCE:recipients[0].purposes[0]",
      "UNKNOWN_REFERENCE:retentionRules[0].store",
      "UNKNOWN_REFERENCE:stores[0].system",
    ]);
  });

  it("updates entities matched by key instead of duplicating them, and keeps the others", () => {
    const ids = new SequentialIds("n");
    const first = planImport(doc(), emptyCatalog(), () => ids.next()).catalog;
    const second = doc();
    second.purposes[0]!.nameEn = "Identity verification";
    second.purposes[0]!.fields = ["crm:public.users.mobile"];
    second.systems = [{ key: "web", name: "Web", kind: "website" }, ...second.systems];
    delete second.stores[0]!.connection;
    const plan = planImport(second, first, () => ids.next());
    assert.equal(plan.catalog.purposes.length, 1);
    assert.equal(plan.catalog.purposes[0]?.id, first.purposes[0]?.id);
    assert.equal(plan.catalog.purposes[0]?.nameEn, "Identity verification");
    assert.equal(plan.catalog.purposes[0]?.fieldIds.length, 1);
    assert.deepEqual(plan.created.systems.length, 1);
    assert.equal(plan.catalog.stores[0]?.hasConnection, true, "an import without a connection keeps the stored one");
    assert.equal(plan.connections.size, 0);
  });
});

describe("catalogToDocument", () => {
  it("round-trips: exporting an imported document and importing the export gives the same export", () => {
    const ids = new SequentialIds("n");
    const exported = catalogToDocument(planImport(doc(), emptyCatalog(), () => ids.next()).catalog);
    const again = catalogToDocument(planImport(exported, emptyCatalog(), () => ids.next()).catalog);
    assert.deepEqual(again, exported);
  });

  it("never exports a connection string and sorts references", () => {
    const ids = new SequentialIds("n");
    const exported = catalogToDocument(planImport(doc(), emptyCatalog(), () => ids.next()).catalog);
    assert.ok(!JSON.stringify(exported).includes("secret"));
    assert.deepEqual(exported.purposes[0]?.fields, ["crm:public.users.id_no", "crm:public.users.mobile"]);
    assert.equal("connection" in (exported.stores[0] ?? {}), false);
  });
});
