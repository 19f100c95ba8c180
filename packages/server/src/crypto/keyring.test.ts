import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { CatalogService } from "../catalog/catalog-service.js";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { Keyring } from "./keyring.js";
import { reencryptAll } from "./reencrypt.js";

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

describe("keyring with SM4 and rotation", () => {
  let db: TestDb;
  let n = 0;
  const master = randomBytes(32);
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });

  it("encrypts with SM4 when the deployment asks for national algorithms, and keeps older AES values readable", async () => {
    const ring = await Keyring.open({ master, db, now: () => new Date(), newId: () => `s${++n}` });
    assert.equal(ring.active.algorithm, "aes-256-gcm");
    const aes = ring.encrypt("zhang@example.cn", "subjects.email");
    await ring.rotateDataKey("sm4-ctr-hmac-sm3");
    const sm4 = ring.encrypt("zhang@example.cn", "subjects.email");
    const reopened = await Keyring.open({ master, db, now: () => new Date(), newId: () => `s${++n}` });
    assert.equal(reopened.active.algorithm, "sm4-ctr-hmac-sm3");
    assert.equal(reopened.decrypt(aes, "subjects.email"), "zhang@example.cn");
    assert.equal(reopened.decrypt(sm4, "subjects.email"), "zhang@example.cn");
  });

  it("re-encrypts every stored value under the new key, resumably, and a second run has nothing to do", async () => {
    const ring = await Keyring.open({ master, db, now: () => new Date(), newId: () => `r${++n}` });
    const old = ring.active.id;
    const catalog = new CatalogService({ db, clock: { now: () => new Date() }, ids: { next: () => `c${++n}` }, keyring: ring });
    const system = await catalog.createSystem({ key: "crm", name: "CRM", kind: "backend" });
    for (let i = 0; i < 25; i++) {
      await catalog.createStore({ key: `store_${i}`, systemId: system.id, name: `Store ${i}`, kind: "postgres", connection: `postgres://u:p${i}@h/db` });
    }
    await ring.rotateDataKey();
    // interrupted after one batch of 10 …
    const stop = new Error("interrupted");
    await assert.rejects(
      reencryptAll({
        db,
        keyring: ring,
        batchSize: 10,
        onProgress: (p) => {
          if (p.done >= 10) throw stop;
        },
      }),
      stop,
    );
    // … and resumed: only what is left is rewritten
    const resumed = await reencryptAll({ db, keyring: ring, batchSize: 10 });
    assert.equal(resumed.rewritten, 15);
    const rows = await db.kysely.selectFrom("data_stores").select(["id", "connection_ciphertext"]).execute();
    for (const r of rows) {
      assert.equal(ring.keyIdOf(r.connection_ciphertext ?? ""), ring.active.id);
      assert.notEqual(ring.keyIdOf(r.connection_ciphertext ?? ""), old);
      assert.match(ring.decrypt(r.connection_ciphertext ?? "", "data_stores.connection"), /^postgres:\/\/u:p\d+@h\/db$/);
    }
    assert.equal((await reencryptAll({ db, keyring: ring })).rewritten, 0);
  });
});
