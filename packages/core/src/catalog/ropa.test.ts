import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SequentialIds } from "../testing/fakes.js";
import { type CatalogDocument, planImport } from "./document.js";
import { buildRecordOfProcessing } from "./ropa.js";
import { emptyCatalog } from "./types.js";

const d: CatalogDocument = {
  version: 1,
  organisation: { nameZh: "示例商城", nameEn: "Demo Shop", contact: null },
  systems: [{ key: "app", name: "App", kind: "app", appType: "online_shopping" }],
  stores: [
    { key: "orders", system: "app", name: "Orders", kind: "sqlite" },
    { key: "crm", system: "app", name: "CRM", kind: "postgres" },
  ],
  fields: [
    { store: "orders", table: "orders", column: "address", category: "basic" },
    { store: "crm", table: "users", column: "id_no", category: "identity" },
    { store: "crm", table: "events", column: "clicks", category: "online_activity" },
  ],
  purposes: [
    { code: "delivery", nameZh: "配送", nameEn: "Delivery", legalBasis: "contract_or_hr", necessity: "necessary", fields: ["orders:orders.address"] },
    {
      code: "recommend",
      nameZh: "个性化推荐",
      nameEn: "Recommendations",
      legalBasis: "consent",
      necessity: "optional",
      automatedDecision: true,
      fields: ["crm:events.clicks"],
    },
    { code: "verify", nameZh: "实名认证", nameEn: "Verify", legalBasis: "consent", necessity: "optional", consentKind: "general", fields: ["crm:users.id_no"] },
  ],
  recipients: [
    { key: "courier", name: "Courier", kind: "entrusted_processor", country: "CN", purposes: ["delivery"], piCategories: ["basic"] },
    { key: "cloud", name: "Overseas analytics", kind: "third_party", country: "SG", purposes: ["recommend"], piCategories: ["online_activity"] },
  ],
  retentionRules: [
    { key: "orders-3y", store: "orders", period: "P3Y", trigger: "transaction_completed", action: "delete", legalReference: "《电子商务法》第三十一条" },
    { key: "rec-6m", purpose: "recommend", period: "P6M", trigger: "collection", action: "anonymise" },
  ],
};

describe("buildRecordOfProcessing", () => {
  const ids = new SequentialIds("r");
  const ropa = buildRecordOfProcessing(planImport(d, emptyCatalog(), () => ids.next()).catalog, { generatedAt: "2025-03-01T00:00:00.000Z" });
  const byCode = (code: string) => ropa.activities.find((a) => a.purpose.code === code);

  it("has one activity per purpose, ordered by code, with the title and the rules it answers to", () => {
    assert.deepEqual(
      ropa.activities.map((a) => a.purpose.code),
      ["delivery", "recommend", "verify"],
    );
    assert.equal(ropa.title.zh, "个人信息处理活动记录");
    assert.ok(ropa.basis.some((b) => b.article === "PIPL Art. 55"));
    assert.ok(ropa.basis.some((b) => b.article === "GB/T 35273-2020 11.3"));
    assert.equal(ropa.generatedAt, "2025-03-01T00:00:00.000Z");
  });

  it("records the legal basis with its article and the store-wide retention rule of the purpose's store", () => {
    const a = byCode("delivery");
    assert.equal(a?.legalBasis.article, "PIPL Art. 13(2)");
    assert.equal(a?.requiredConsentKind, "none");
    assert.deepEqual(
      a?.retention.map((r) => r.key),
      ["orders-3y"],
    );
    assert.deepEqual(
      a?.stores.map((s) => s.key),
      ["orders"],
    );
  });

  it("flags cross-border transfer and the impact assessment it triggers (PIPL Art. 38–39, 55)", () => {
    const a = byCode("recommend");
    assert.equal(a?.crossBorder, true);
    assert.equal(a?.recipients[0]?.crossBorder, true);
    assert.equal(a?.requiredConsentKind, "separate");
    assert.deepEqual(
      a?.impactAssessment.reasons.map((r) => r.article),
      ["PIPL Art. 55(2)", "PIPL Art. 55(3)", "PIPL Art. 55(4)"],
    );
  });

  it("marks sensitive activities and a declared consent weaker than required", () => {
    const a = byCode("verify");
    assert.equal(a?.sensitive, true);
    assert.equal(a?.consentKind, "general");
    assert.equal(a?.requiredConsentKind, "separate");
    assert.equal(a?.consentSufficient, false);
    assert.ok(ropa.issues.some((i) => i.code === "CONSENT_KIND_INSUFFICIENT"));
  });

  it("counts the catalog and names the unverified taxonomy categories it relies on", () => {
    assert.deepEqual(ropa.summary, { purposes: 3, fields: 3, sensitiveFields: 1, stores: 2, recipients: 2, crossBorderRecipients: 1 });
    assert.deepEqual(ropa.taxonomy.unverifiedCategoryIds, ["basic", "identity", "online_activity"]);
  });
});
