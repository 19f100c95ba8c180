import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SequentialIds } from "../testing/fakes.js";
import { type ConsentFacts, consentFactsFor, deriveConsentRequirement, isConsentSufficient, isCrossBorder } from "./consent.js";
import { type CatalogDocument, planImport } from "./document.js";
import { emptyCatalog } from "./types.js";

const base: ConsentFacts = { legalBasis: "consent", sensitive: false, minorsUnder14: false, thirdPartyProvision: false, crossBorder: false };

describe("deriveConsentRequirement", () => {
  it("asks for general consent when the basis is consent and nothing raises it (PIPL Art. 14)", () => {
    const r = deriveConsentRequirement(base);
    assert.equal(r.kind, "general");
    assert.deepEqual(
      r.reasons.map((x) => x.rule),
      ["consent_basis"],
    );
  });

  it("asks for separate consent for sensitive PI (Art. 29)", () => {
    const r = deriveConsentRequirement({ ...base, sensitive: true });
    assert.equal(r.kind, "separate");
    assert.ok(r.reasons.some((x) => x.article === "PIPL Art. 29"));
  });

  it("asks for separate consent to provide PI to a third party (Art. 23) or abroad (Art. 39)", () => {
    assert.equal(deriveConsentRequirement({ ...base, thirdPartyProvision: true }).kind, "separate");
    const abroad = deriveConsentRequirement({ ...base, crossBorder: true });
    assert.equal(abroad.kind, "separate");
    assert.ok(abroad.reasons.some((x) => x.article === "PIPL Art. 39"));
  });

  it("asks for a guardian's consent for PI of children under 14, above separate consent (Art. 31)", () => {
    const r = deriveConsentRequirement({ ...base, sensitive: true, minorsUnder14: true });
    assert.equal(r.kind, "guardian");
    assert.deepEqual(
      r.reasons.map((x) => x.rule),
      ["consent_basis", "sensitive_pi", "minor_under_14"],
    );
  });

  it("needs no consent on any other Art. 13 basis, even for sensitive PI (Art. 13 para. 2)", () => {
    const r = deriveConsentRequirement({ ...base, legalBasis: "contract_or_hr", sensitive: true, crossBorder: true });
    assert.equal(r.kind, "none");
    assert.equal(r.reasons[0]?.article, "PIPL Art. 13 para. 2");
  });

  it("orders consent kinds none < general < separate < guardian", () => {
    assert.equal(isConsentSufficient("separate", "general"), true);
    assert.equal(isConsentSufficient("general", "separate"), false);
    assert.equal(isConsentSufficient("guardian", "separate"), true);
    assert.equal(isConsentSufficient("none", "general"), false);
  });

  it("treats every country but CN as cross-border, Hong Kong included", () => {
    assert.equal(isCrossBorder("CN"), false);
    assert.equal(isCrossBorder("cn"), false);
    assert.equal(isCrossBorder("HK"), true);
    assert.equal(isCrossBorder("SG"), true);
  });
});

describe("consentFactsFor", () => {
  const doc: CatalogDocument = {
    version: 1,
    systems: [{ key: "app", name: "App", kind: "app", appType: "online_shopping" }],
    stores: [{ key: "db", system: "app", name: "DB", kind: "sqlite" }],
    fields: [
      { store: "db", table: "users", column: "phone", category: "basic", sensitive: false },
      { store: "db", table: "users", column: "id_no", category: "identity", sensitive: true },
    ],
    purposes: [
      { code: "login", nameZh: "登录", nameEn: "Login", legalBasis: "consent", necessity: "necessary", fields: ["db:users.phone"] },
      { code: "kyc", nameZh: "实名", nameEn: "KYC", legalBasis: "consent", necessity: "optional", fields: ["db:users.id_no"] },
    ],
    recipients: [
      { key: "logistics", name: "Logistics", kind: "entrusted_processor", country: "CN", purposes: ["login"], piCategories: ["basic"] },
      { key: "sdk", name: "SDK", kind: "sdk", country: "SG", purposes: ["kyc"], piCategories: ["identity"] },
    ],
    retentionRules: [],
  };
  const ids = new SequentialIds("x");
  const { catalog } = planImport(doc, emptyCatalog(), () => ids.next());

  it("does not count an entrusted processor as provision to a third party (Art. 21 vs Art. 23)", () => {
    const login = catalog.purposes.find((p) => p.code === "login");
    assert.ok(login);
    assert.deepEqual(consentFactsFor(login, catalog), { ...base, sensitive: false, thirdPartyProvision: false, crossBorder: false });
  });

  it("sees sensitive fields, SDK provision and a foreign recipient", () => {
    const kyc = catalog.purposes.find((p) => p.code === "kyc");
    assert.ok(kyc);
    assert.deepEqual(consentFactsFor(kyc, catalog), { ...base, sensitive: true, thirdPartyProvision: true, crossBorder: true });
  });
});
