import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { Keyring } from "./keyring.js";

describe("keyring (envelope encryption of stored PI)", () => {
  let db: TestDb;
  let n = 0;
  const opts = (master: Buffer) => ({ master, db, now: () => new Date(), newId: () => `k${++n}` });
  const master = randomBytes(32);
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });

  it("round-trips a value and keeps it readable after a new data key becomes active", async () => {
    const ring = await Keyring.open(opts(master));
    const ct = ring.encrypt("13800138000", "subjects.mobile");
    assert.ok(!ct.includes("13800138000"));
    await ring.rotateDataKey();
    const ct2 = ring.encrypt("13800138000", "subjects.mobile");
    assert.notEqual(ct.split(":")[1], ct2.split(":")[1], "the key id travels inside the ciphertext");
    const reopened = await Keyring.open(opts(master));
    assert.equal(reopened.decrypt(ct, "subjects.mobile"), "13800138000");
    assert.equal(reopened.decrypt(ct2, "subjects.mobile"), "13800138000");
  });

  it("fails on a tampered ciphertext or a value moved to another column, never returning garbage", async () => {
    const ring = await Keyring.open(opts(master));
    const ct = ring.encrypt("secret", "a.b");
    const body = ct.split(":")[2] ?? "";
    const flipped = `${ct.slice(0, ct.length - body.length)}${body[0] === "A" ? "B" : "A"}${body.slice(1)}`;
    assert.throws(() => ring.decrypt(flipped, "a.b"), /authentication failed/);
    assert.throws(() => ring.decrypt(ct, "c.d"), /authentication failed/);
  });

  it("refuses to open with a different master key", async () => {
    await assert.rejects(Keyring.open(opts(randomBytes(32))), { code: "CONFIG_INVALID" });
  });

  it("gives equal blind indexes for equal values and different ones per place", async () => {
    const ring = await Keyring.open(opts(master));
    assert.equal(ring.blindIndex("a@b.cn", "email"), ring.blindIndex("a@b.cn", "email"));
    assert.notEqual(ring.blindIndex("a@b.cn", "email"), ring.blindIndex("a@b.cn", "mobile"));
  });
});
