import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { AuthenticationError, CIPHER_ALGORITHMS, open, seal } from "./cipher-suites.js";

describe("cipher suites", () => {
  for (const alg of CIPHER_ALGORITHMS) {
    describe(alg, () => {
      const key = randomBytes(32);
      const aad = Buffer.from("subjects.mobile");
      it("round-trips empty, short and long values", () => {
        for (const text of ["", "13800138000", "张三 北京市海淀区".repeat(500)]) {
          const sealed = seal(alg, key, Buffer.from(text), aad);
          assert.ok(!sealed.includes(Buffer.from("13800138000")));
          assert.equal(open(alg, key, sealed, aad).toString(), text);
        }
      });
      it("uses a fresh IV: the same value encrypts differently each time", () => {
        assert.notDeepEqual(seal(alg, key, Buffer.from("x"), aad), seal(alg, key, Buffer.from("x"), aad));
      });
      it("rejects every single flipped byte, a wrong key, a wrong place and truncation", () => {
        const sealed = seal(alg, key, Buffer.from("6222021234567890128"), aad);
        for (let i = 0; i < sealed.length; i++) {
          const bad = Buffer.from(sealed);
          bad[i] = (bad[i] ?? 0) ^ 0x01;
          assert.throws(() => open(alg, key, bad, aad), AuthenticationError, `byte ${i}`);
        }
        assert.throws(() => open(alg, randomBytes(32), sealed, aad), AuthenticationError);
        assert.throws(() => open(alg, key, sealed, Buffer.from("subjects.email")), AuthenticationError);
        assert.throws(() => open(alg, key, sealed.subarray(0, 20), aad), AuthenticationError);
      });
    });
  }
});
