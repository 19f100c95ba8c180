import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SequentialIds } from "../testing/fakes.js";
import { type CatalogDocument, planImport } from "./document.js";
import { type Catalog, emptyCatalog } from "./types.js";
import { validateCatalog } from "./validate.js";

function doc(): CatalogDocument {
  return {
    version: 1,
    systems: [{ key: "app", name: "App", kind: "app", appType: "online_shopping" }],
    stores: [{ key: "db", system: "app", name: "DB", kind: "sqlite" }],
    fields: [
      { store: "db", table: "users", column: "mobile", category: "basic", piType: "cn_mobile", identityRole: "phone" },
      { store: "db", table: "users", column: "bank_card", category: "property", piType: "bank_card" },
    ],
    purposes: [
      { code: "account", nameZh: "账号", nameEn: "Account", legalBasis: "contract_or_hr", necessity: "necessary", fields: ["db:users.mobile"] },
      { code: "pay", nameZh: "支付", nameEn: "Pay", legalBasis: "consent", necessity: "optional", consentKind: "separate", fields: ["db:users.bank_card"] },
    ],
    recipients: [{ key: "psp", name: "PSP", kind: "third_party", country: "CN", purposes: ["pay"], piCategories: ["property"] }],
    retentionRules: [
      { key: "r-account", purpose: "account", period: "P30D", trigger: "account_closed", action: "delete" },
      { key: "r-pay", purpose: "pay", period: "P3Y", trigger: "transaction_completed", action: "delete" },
    ],
  };
}

function build(d: CatalogDocument): Catalog {
  const ids = new SequentialIds("v");
  const plan = planImport(d, emptyCatalog(), () => ids.next());
  assert.deepEqual(plan.issues, []);
  return plan.catalog;
}

const codes = (c: Catalog) => validateCatalog(c).map((i) => `${i.severity}:${i.code}:${i.path}`);

describe("validateCatalog", () => {
  it("finds nothing wrong in a complete catalog", () => {
    assert.deepEqual(codes(build(doc())), []);
  });

  it("rejects unknown taxonomy ids with their own codes and paths", () => {
    const d = doc();
    d.systems[0]!.appType = "spaceships";
    d.fields[0]!.category = "mood";
    d.purposes[1]!.legalBasis = "because";
    d.recipients[0]!.piCategories = ["property", "vibes"];
    const c = codes(build(d));
    assert.ok(c.includes("error:UNKNOWN_APP_TYPE:systems[0].appType"));
    assert.ok(c.includes("error:UNKNOWN_PI_CATEGORY:fields[0].category"));
    assert.ok(c.includes("error:UNKNOWN_LEGAL_BASIS:purposes[1].legalBasis"));
    assert.ok(c.includes("error:UNKNOWN_PI_CATEGORY:recipients[0].piCategories[1]"));
  });

  it("rejects duplicate purpose codes, keys and fields", () => {
    const d = doc();
    d.purposes.push({ ...d.purposes[0]! });
    d.fields.push({ ...d.fields[0]! });
    const c = codes(build(d));
    assert.ok(c.includes("error:ALREADY_EXISTS:purposes[2].code"));
    assert.ok(c.includes("error:ALREADY_EXISTS:fields[2].column"));
  });

  it("rejects malformed periods, countries and a retention rule naming nothing", () => {
    const d = doc();
    d.retentionRules[0]!.period = "30 days";
    d.recipients[0]!.country = "China";
    d.retentionRules.push({ key: "r-x", period: "P1Y", trigger: "collection", action: "delete" });
    const c = codes(build(d));
    assert.ok(c.includes("error:INVALID_CATALOG:retentionRules[0].period"));
    assert.ok(c.includes("error:INVALID_CATALOG:recipients[0].country"));
    assert.ok(c.includes("error:INVALID_CATALOG:retentionRules[2]"));
  });

  it("rejects dangling ids when the catalog is built by hand", () => {
    const c = build(doc());
    c.purposes[0]!.fieldIds.push("nope");
    c.fields[0]!.storeId = "gone";
    const found = codes(c);
    assert.ok(found.includes("error:UNKNOWN_REFERENCE:purposes[0].fields[1]"));
    assert.ok(found.includes("error:UNKNOWN_REFERENCE:fields[0].store"));
  });

  it("warns when declared consent is weaker than the rules require (PIPL Art. 29/23)", () => {
    const d = doc();
    d.purposes[1]!.consentKind = "general";
    const issues = validateCatalog(build(d));
    const w = issues.find((i) => i.code === "CONSENT_KIND_INSUFFICIENT");
    assert.equal(w?.severity, "warning");
    assert.equal(w?.path, "purposes[1].consentKind");
    assert.match(w?.article ?? "", /Art\. 29/);
    assert.match(w?.article ?? "", /Art\. 23/);
  });

  it("warns about sensitive PI not flagged, unused fields, purposes without retention and targeted push marked necessary", () => {
    const d = doc();
    d.fields[1]!.sensitive = false;
    d.fields.push({ store: "db", table: "users", column: "nickname", category: "basic" });
    d.retentionRules = d.retentionRules.slice(1);
    d.purposes[0]!.automatedDecision = true;
    const c = codes(build(d));
    assert.ok(c.includes("warning:SENSITIVE_NOT_FLAGGED:fields[1].sensitive"));
    assert.ok(c.includes("warning:FIELD_WITHOUT_PURPOSE:fields[2]"));
    assert.ok(c.includes("warning:NO_RETENTION_RULE:purposes[0]"));
    assert.ok(c.includes("warning:AUTOMATED_DECISION_MARKED_NECESSARY:purposes[0].necessity"));
  });

  it("warns when a recipient receives categories its purposes do not process", () => {
    const d = doc();
    d.recipients[0]!.piCategories = ["property", "location"];
    assert.ok(codes(build(d)).includes("warning:RECIPIENT_CATEGORY_OUTSIDE_PURPOSES:recipients[0].piCategories"));
  });

  it("lists errors before warnings", () => {
    const d = doc();
    d.fields.push({ store: "db", table: "t", column: "c", category: "basic" });
    d.purposes[0]!.legalBasis = "??";
    const sev = validateCatalog(build(d)).map((i) => i.severity);
    assert.deepEqual(sev, [...sev].sort());
  });
});
