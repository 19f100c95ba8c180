import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rng, ValueGen } from "@pipguard/core";
import Database from "better-sqlite3";
import { loadSakilaMysql, loadSakilaPostgres, loadSakilaSqlite, type SakilaStore } from "../testing/sakila.js";
import { classifyDatabase, storeKindOf } from "./db-scan.js";

// MariaDB always runs (as the connector acceptance tests do); PostgreSQL with PIPGUARD_TEST_DB=postgres.
const engines: [string, () => Promise<SakilaStore>][] = [
  ["sqlite", loadSakilaSqlite],
  ["mariadb", loadSakilaMysql],
];
if (process.env.PIPGUARD_TEST_DB === "postgres") engines.push(["postgres", () => loadSakilaPostgres()]);

for (const [engine, load] of engines) {
  describe(`scan --db on Sakila (${engine})`, () => {
    let store: SakilaStore;
    before(async () => {
      store = await load();
    });
    after(async () => {
      await store.dispose();
    });

    it("proposes e-mail for the customer and staff e-mail columns and nothing for film texts", async () => {
      const found = await classifyDatabase(store.connection, { sample: 500 });
      const byCol = new Map(found.map((f) => [`${f.table}.${f.column}`, f]));
      for (const col of ["customer.email", "staff.email"]) {
        const f = byCol.get(col);
        assert.equal(f?.type, "email", col);
        assert.ok(f!.share >= 0.9);
        assert.equal(f!.categoryId, "basic");
      }
      assert.equal(byCol.get("film.description"), undefined);
      assert.equal(byCol.get("film.title"), undefined);
    });

    it("limits the scan to one table and rejects an unknown one", async () => {
      const found = await classifyDatabase(store.connection, { table: "customer", sample: 50 });
      assert.ok(found.length > 0 && found.every((f) => f.table === "customer"));
      await assert.rejects(classifyDatabase(store.connection, { table: "no_such_table" }), { code: "NOT_FOUND" });
    });
  });
}

describe("scan --db on a table of Chinese PI (sqlite)", () => {
  let dir: string;
  let path: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pipguard-dbscan-"));
    path = join(dir, "crm.db");
    const db = new Database(path);
    db.exec("CREATE TABLE member (id INTEGER PRIMARY KEY, real_name TEXT, mobile TEXT, id_no TEXT, note TEXT)");
    const g = new ValueGen(rng(4)); // generated values, not real people's
    const ins = db.prepare("INSERT INTO member (real_name, mobile, id_no, note) VALUES (?, ?, ?, ?)");
    for (let i = 0; i < 200; i++) ins.run(g.name(), g.mobile(), g.residentId(), "无");
    db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("classifies names, mobiles and resident IDs with their sensitivity", async () => {
    const found = await classifyDatabase(path, { sample: 100 });
    assert.deepEqual(
      found.map((f) => [f.column, f.type, f.sensitive, f.share]),
      [
        ["real_name", "person_name", false, 1],
        ["mobile", "cn_mobile", false, 1],
        ["id_no", "cn_resident_id", true, 1],
      ],
    );
  });

  it("tells the store kind from the URL", () => {
    assert.equal(storeKindOf("postgres://u@h/db"), "postgres");
    assert.equal(storeKindOf("mariadb://u@h/db"), "mysql");
    assert.equal(storeKindOf("./data/app.db"), "sqlite");
  });
});
