import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyOperator, generalizeValue, maskPiValue, rewrite } from "./mask.js";
import { scanBytes } from "./scan-bytes.js";
import { encodeUtf8 } from "./utf8.js";

describe("masking operators", () => {
  it("masks with the presets people expect", () => {
    assert.equal(maskPiValue("cn_mobile", "13812345678"), "138****5678");
    assert.equal(maskPiValue("cn_resident_id", "110101199003071233"), "110101********1233");
    assert.equal(maskPiValue("bank_card", "6222 0212 3456 7890123"), "6222 **** **** ***0123");
    assert.equal(maskPiValue("person_name", "张三"), "张*");
    assert.equal(maskPiValue("person_name", "欧阳娜娜"), "欧阳**");
    assert.equal(maskPiValue("email", "alice@example.com"), "a***@example.com");
  });

  it("keeps separators and full-width digits when masking", () => {
    assert.equal(maskPiValue("cn_mobile", "138-1234-5678"), "138-****-5678");
    assert.equal(maskPiValue("cn_mobile", "１３８１２３４５６７８"), "１３８****５６７８");
    assert.equal(maskPiValue("cn_mobile", "8613812345678"), "86138****5678");
    assert.equal(maskPiValue("cn_mobile", "1381234567"), "138***4567");
  });

  it("masks names by character, keeping the surname (compound too) and the middle dot", () => {
    assert.equal(maskPiValue("person_name", "司马相如"), "司马**");
    assert.equal(maskPiValue("person_name", "司"), "司");
    assert.equal(maskPiValue("person_name", "阿卜杜·热合曼"), "阿**·***");
    assert.equal(maskPiValue("person_name", "𠀋一二"), "𠀋**"); // a character outside the BMP counts once
    assert.equal(maskPiValue("person_name", "王𠀋"), "王*");
  });

  it("generalises a date of birth to its year and an address to its city", () => {
    assert.equal(generalizeValue("birth_date", "1990年3月7日"), "1990");
    assert.equal(generalizeValue("cn_address", "广东省深圳市南山区科技园路88号"), "广东省深圳市");
    assert.equal(generalizeValue("cn_address", "北京市朝阳区建国路88号"), "北京市");
  });

  it("replaces with the type tag and redacts", () => {
    assert.equal(applyOperator("replace", "cn_mobile", "13812345678"), "<cn_mobile>");
    assert.equal(applyOperator("redact", "cn_mobile", "13812345678"), "[REDACTED]");
  });

  it("rewrites text around findings without touching the rest", () => {
    const b = encodeUtf8("客户手机13812345678，已下单。");
    const out = rewrite(b, scanBytes(b), (f, v) => maskPiValue(f.type, v));
    assert.equal(out, "客户手机138****5678，已下单。");
  });
});
