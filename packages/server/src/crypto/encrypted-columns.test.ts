import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { ENCRYPTED_COLUMNS } from "./encrypted-columns.js";
import { Keyring } from "./keyring.js";
import { reencryptAll } from "./reencrypt.js";

describe("the registry of encrypted columns", () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });

  it("names every ciphertext column of the schema, so `keys rotate` leaves nothing under an old key", async () => {
    const cols =
      db.dialect === "postgres"
        ? (
            await sql<{
              t: string;
              c: string;
            }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema()`.execute(db.kysely)
          ).rows
        : (
            await sql<{
              t: string;
              c: string;
            }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(db.kysely)
          ).rows;
    const ciphertextColumns = cols.filter((r) => /(_ciphertext|_ct)$/.test(r.c)).map((r) => `${r.t}.${r.c}`);
    assert.ok(ciphertextColumns.length >= 5);
    const registered = new Set(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`));
    for (const c of ciphertextColumns) assert.ok(registered.has(c), `${c} is not in ENCRYPTED_COLUMNS`);
    for (const c of registered) assert.ok(ciphertextColumns.includes(c), `${c} is registered but not in the schema`);
  });

  it("runs a rotation over every registered column of a fresh database", async () => {
    const ring = await Keyring.open({ master: randomBytes(32), db, now: () => new Date(), newId: () => randomBytes(8).toString("hex") });
    await ring.rotateDataKey();
    const r = await reencryptAll({ db, keyring: ring });
    assert.equal(r.columns.length, ENCRYPTED_COLUMNS.length);
    assert.equal(r.rewritten, 0);
  });
});
