import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { FastHmac } from "./fast-hmac.js";

const reference = (alg: "sha256" | "sm3", key: Buffer, place: string, value: string) =>
  createHmac(alg, key).update(place).update("\0").update(value).digest("base64url");

describe("FastHmac (blind indexes)", () => {
  for (const alg of ["sha256", "sm3"] as const) {
    it(`gives createHmac's bytes for ${alg}: ASCII, Chinese, emoji, empty and long values, one after another`, () => {
      const key = randomBytes(32);
      const mac = new FastHmac(alg, key);
      const values = ["13800138000", "张三 广东省深圳市南山区", "😀 mixed é", "", "x".repeat(5000), "短", `${"长".repeat(1400)}`, "13800138000"];
      for (const place of ["subject_identities.mobile", "access_grants.mark:g1", ""]) {
        for (const v of values) assert.equal(mac.digest(place, v), reference(alg, key, place, v), `${alg} ${place} ${v.length}`);
      }
    });
  }

  it("gives createHmac's bytes for every message length around the one-block limit, ASCII and multi-byte", () => {
    const key = randomBytes(32);
    const mac = new FastHmac("sha256", key);
    for (let len = 0; len <= 80; len++) {
      for (const unit of ["7", "张", "é", "😀"]) {
        const value = unit.repeat(len).slice(0, len);
        for (const place of ["p", "subject_identities.mobile"])
          assert.equal(mac.digest(place, value), reference("sha256", key, place, value), `${place} ${unit} ${len}`);
      }
    }
    for (let i = 0; i < 2000; i++) {
      const k = randomBytes(1 + (i % 64));
      const m = new FastHmac("sha256", k);
      const v = randomBytes(i % 60).toString("latin1");
      assert.equal(m.digest("x", v), reference("sha256", k, "x", v));
    }
  });

  it("a shorter value after a longer one is not padded with the longer one's tail", () => {
    const key = randomBytes(32);
    const mac = new FastHmac("sha256", key);
    mac.digest("p", "a long value that fills the scratch buffer further");
    assert.equal(mac.digest("p", "ab"), reference("sha256", key, "p", "ab"));
  });

  it("refuses keys longer than a hash block", () => {
    assert.throws(() => new FastHmac("sha256", randomBytes(65)), RangeError);
  });
});
