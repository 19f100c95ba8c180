import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { materialPurposeChanges } from "./purpose-change.js";

const before = { description: "向用户推送营销短信", fieldIds: ["mobile"], automatedDecision: false, minorsUnder14: false };

describe("materialPurposeChanges (PIPL Art. 14 para. 2)", () => {
  it("finds nothing when only whitespace or field order changed, or a field was removed", () => {
    assert.deepEqual(materialPurposeChanges(before, { ...before, description: " 向用户推送营销短信 \n" }), []);
    assert.deepEqual(materialPurposeChanges({ ...before, fieldIds: ["mobile", "email"] }, { ...before, fieldIds: ["email"] }), []);
  });

  it("names a changed purpose statement, an added PI field, a new automated decision and children's PI", () => {
    assert.deepEqual(materialPurposeChanges(before, { ...before, description: "向用户推送营销短信和电话" }), ["purpose_statement"]);
    assert.deepEqual(materialPurposeChanges(before, { ...before, fieldIds: ["mobile", "location"] }), ["pi_added"]);
    assert.deepEqual(materialPurposeChanges(before, { ...before, automatedDecision: true, minorsUnder14: true }), ["automated_decision", "children"]);
  });

  it("does not count switching automated decision-making off as material", () => {
    assert.deepEqual(materialPurposeChanges({ ...before, automatedDecision: true }, before), []);
  });
});
