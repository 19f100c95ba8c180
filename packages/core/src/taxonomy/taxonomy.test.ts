import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { APP_TYPES, APP_TYPES_SOURCE, findAppType, isAppTypeId } from "./app-types.js";
import { findLegalBasis, LEGAL_BASES } from "./legal-bases.js";
import { findPiCategory, isSensitiveByDefault, PI_CATEGORIES, PI_CATEGORIES_SOURCE, SENSITIVE_PI_TABLE_B1 } from "./pi-categories.js";
import { PI_TYPES } from "./pi-types.js";

describe("taxonomy: the 39 app types", () => {
  it("has items 1–39 once each, with unique ids", () => {
    assert.deepEqual(
      APP_TYPES.map((t) => t.no),
      Array.from({ length: 39 }, (_, i) => i + 1),
    );
    assert.equal(new Set(APP_TYPES.map((t) => t.id)).size, 39);
  });

  it("gives online shopping (网上购物类) its necessary PI and carries the source note", () => {
    const shop = findAppType("online_shopping");
    assert.equal(shop?.zh, "网上购物类");
    assert.ok(shop?.necessaryPiZh.some((x) => x.includes("收货人")));
    assert.match(APP_TYPES_SOURCE.source, /国信办秘字〔2021〕14号/);
    assert.ok(APP_TYPES_SOURCE.verification.length > 0);
  });

  it("lists no necessary PI for types whose basic function needs none", () => {
    for (const t of APP_TYPES.filter((x) => x.noPersonalInfoNeeded)) assert.equal(t.necessaryPiZh.length, 0, t.zh);
    assert.equal(isAppTypeId("not_a_type"), false);
  });
});

describe("taxonomy: GB/T 35273-2020 categories", () => {
  it("has the 13 Table A.1 categories, flagged unverified as the reference says", () => {
    assert.equal(PI_CATEGORIES.length, 13);
    assert.ok(PI_CATEGORIES.every((c) => c.verified === false));
    assert.match(PI_CATEGORIES_SOURCE.verification, /re-check/);
  });

  it("treats identity, biometric, health, property and other as sensitive by default (Table B.1)", () => {
    const sensitive = PI_CATEGORIES.filter((c) => isSensitiveByDefault(c.id)).map((c) => c.id);
    assert.deepEqual(sensitive.sort(), ["biometric", "health", "identity", "other", "property"]);
    assert.equal(isSensitiveByDefault("basic"), false);
    assert.equal(findPiCategory("location")?.sensitivity, "partly");
  });

  it("maps every Table B.1 row to known categories", () => {
    assert.equal(SENSITIVE_PI_TABLE_B1.length, 5);
    for (const row of SENSITIVE_PI_TABLE_B1) for (const id of row.categoryIds) assert.ok(findPiCategory(id), id);
  });

  it("places every PI type in a known category, and a sensitive type in a category B.1 names", () => {
    for (const t of PI_TYPES) {
      if (t.categoryId === null) continue;
      const c = findPiCategory(t.categoryId);
      assert.ok(c, t.id);
      if (t.sensitive) assert.notEqual(c.sensitivity, "general", t.id);
    }
  });
});

describe("taxonomy: PIPL Art. 13 legal bases", () => {
  it("has the seven items in order, and only consent requires consent (Art. 13 para. 2)", () => {
    assert.deepEqual(
      LEGAL_BASES.map((b) => b.item),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      LEGAL_BASES.filter((b) => b.requiresConsent).map((b) => b.id),
      ["consent"],
    );
    assert.equal(findLegalBasis("contract_or_hr")?.article, "PIPL Art. 13(2)");
    assert.match(findLegalBasis("contract_or_hr")?.articleZh ?? "", /第（二）项/);
  });
});
