import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { isDomainError } from "@pipguard/core";
import { Keyring } from "../crypto/keyring.js";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { blindIndexOf, ciphertextLength, isProtectedValue, openValue, placeOf } from "./column-cipher.js";
import { widenedType } from "./protect-column.js";

describe("protected column values (format, keys, blind index, widening)", () => {
  let db: TestDb;
  let n = 0;
  const master = randomBytes(32);
  const open = () => Keyring.open({ master, db, now: () => new Date(), newId: () => `0192e0c4-0000-7000-8000-${String(++n).padStart(12, "0")}` });
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });

  it("an SM4 column in an AES deployment gets its own standby SM4 key, kept across restarts and rotations", async () => {
    const ring = await open();
    assert.equal(ring.active.algorithm, "aes-256-gcm");
    const sm4 = await ring.keyFor("sm4-ctr-hmac-sm3");
    assert.equal(await ring.keyFor("sm4-ctr-hmac-sm3"), sm4, "reused, not one key per call");
    assert.equal(await ring.keyFor("aes-256-gcm"), ring.active.id);
    const place = placeOf("address", "phone");
    const ct = ring.encrypt("13800138000", place, sm4);
    assert.ok(isProtectedValue(ct) && ct.includes(`:${sm4}:`));
    await ring.rotateDataKey();
    const reopened = await open();
    assert.equal(reopened.algorithmOf(sm4), "sm4-ctr-hmac-sm3");
    assert.equal(await reopened.keyFor("sm4-ctr-hmac-sm3"), sm4);
    assert.equal(openValue(reopened, ct, "address", "phone"), "13800138000");
  });

  it("a tampered value or one moved to another column fails with DECRYPTION_FAILED; plaintext is never mistaken for ciphertext", async () => {
    const ring = await open();
    for (const alg of ["aes-256-gcm", "sm4-ctr-hmac-sm3"] as const) {
      const ct = ring.encrypt("张三@例子.中国", placeOf("customer", "email"), await ring.keyFor(alg));
      const i = ct.length - 10;
      const tampered = `${ct.slice(0, i)}${ct[i] === "A" ? "B" : "A"}${ct.slice(i + 1)}`;
      assert.throws(
        () => openValue(ring, tampered, "customer", "email"),
        (e) => isDomainError(e, "DECRYPTION_FAILED") && !e.message.includes("张三"),
      );
      assert.throws(
        () => openValue(ring, ct, "customer", "notes"),
        (e) => isDomainError(e, "DECRYPTION_FAILED"),
      );
    }
    for (const v of ["pg1:", "pg1: hello", "MARY@example.com", "", "pg1:abc:def ghi"]) assert.equal(isProtectedValue(v), false, v);
  });

  it("the blind index ignores case, differs per column and per scheme (HMAC-SM3 for SM4 columns)", async () => {
    const ring = await open();
    const p = placeOf("customer", "email");
    assert.equal(blindIndexOf(ring, "aes-256-gcm", p, "Mary@Example.com"), blindIndexOf(ring, "aes-256-gcm", p, "mary@example.com"));
    assert.notEqual(blindIndexOf(ring, "aes-256-gcm", p, "a@b.c"), blindIndexOf(ring, "aes-256-gcm", placeOf("staff", "email"), "a@b.c"));
    assert.notEqual(blindIndexOf(ring, "aes-256-gcm", p, "a@b.c"), blindIndexOf(ring, "sm4-ctr-hmac-sm3", p, "a@b.c"));
  });

  it("ciphertextLength is exact, so a widened VARCHAR holds the longest value the original type allowed", async () => {
    const ring = await open();
    for (const alg of ["aes-256-gcm", "sm4-ctr-hmac-sm3"] as const) {
      const id = await ring.keyFor(alg);
      for (const v of ["", "x", "0012345", "é".repeat(50), "中".repeat(20), "🙂".repeat(50)])
        assert.equal(ring.encrypt(v, "p", id).length, ciphertextLength(alg, Buffer.byteLength(v)), `${alg} ${v.length}`);
    }
    const shape = { textual: true, primaryKey: ["id"], inKey: false, dependentViews: [], attributes: "" };
    assert.equal(widenedType("mysql", { ...shape, type: "varchar(50)", maxLength: 50 }, "aes-256-gcm"), `varchar(${ciphertextLength("aes-256-gcm", 200)})`);
    assert.equal(widenedType("mysql", { ...shape, type: "text", maxLength: 65535 }, "aes-256-gcm"), null);
    assert.equal(widenedType("postgres", { ...shape, type: "character varying(20)", maxLength: 20 }, "sm4-ctr-hmac-sm3"), "text");
    assert.equal(widenedType("postgres", { ...shape, type: "text", maxLength: null }, "aes-256-gcm"), null);
    assert.equal(widenedType("sqlite", { ...shape, type: "VARCHAR(20)", maxLength: 20 }, "aes-256-gcm"), null);
  });
});
