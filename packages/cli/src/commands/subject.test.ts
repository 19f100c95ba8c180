import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
// The Sakila loader is a server test helper (not part of the package's public API).
import { loadSakilaSqlite, type SakilaStore } from "../../../server/dist/testing/sakila.js";
import { freshEnv, runCli } from "../testing/run-cli.js";

const DATASET = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "docs", "examples", "sakila-dataset.yaml");

describe("pipguard subject find|erase (the built CLI, Sakila in SQLite)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let store: SakilaStore;
  before(async () => {
    ({ dataDir, env } = freshEnv());
    store = await loadSakilaSqlite();
    const catalog = join(dataDir, "catalog.yaml");
    writeFileSync(
      catalog,
      `version: 1\norganisation:\n  nameZh: 萨基拉影碟\n  nameEn: Sakila DVD\n  contact: privacy@sakila.example\nsystems:\n  - key: rental\n    name: Rental system\n    kind: backend\nstores:\n  - key: sakila\n    system: rental\n    name: Sakila\n    kind: sqlite\n    connection: ${JSON.stringify(store.connection)}\n`,
    );
    const r = runCli(["catalog", "import", catalog, "--json"], env);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await store.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const args = (cmd: string, ...more: string[]) => [
    "subject",
    cmd,
    "--store",
    "sakila",
    "--email",
    "MARY.SMITH@sakilacustomer.org",
    "--dataset",
    DATASET,
    ...more,
  ];

  it("finds every row of the subject per table as JSON, and logs none of it", () => {
    const r = runCli(args("find", "--json"), env);
    // Without --dataset the store's file under <data dir>/datasets/ is used; missing → NOT_FOUND.
    const noFile = runCli(["subject", "find", "--store", "sakila", "--email", "x@y.z", "--json"], env);
    assert.equal((JSON.parse(noFile.stderr) as { error: { code: string } }).error.code, "NOT_FOUND");
    mkdirSync(join(dataDir, "datasets"));
    copyFileSync(DATASET, join(dataDir, "datasets", "sakila.yaml"));
    const byDefault = runCli(["subject", "find", "--store", "sakila", "--email", "MARY.SMITH@sakilacustomer.org", "--json"], env);
    assert.equal(byDefault.stdout, r.stdout);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { tables: { table: string; rows: unknown[] }[] };
    assert.deepEqual(out.tables.map((t) => t.table).sort(), ["address", "customer", "payment", "rental"]);
    assert.ok(!r.stderr.toLowerCase().includes("mary"));
  });

  it("shows the erasure plan on --dry-run, then erases, then finds nothing", async () => {
    const dry = runCli(args("erase", "--dry-run", "--json"), env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((JSON.parse(dry.stdout) as { tables: unknown[] }).tables.length, 4);
    assert.equal((await store.query("SELECT first_name FROM customer WHERE customer_id = 1"))[0]?.first_name, "MARY");
    const run = runCli(args("erase"), env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^erased/);
    assert.equal((await store.query("SELECT first_name FROM customer WHERE customer_id = 1"))[0]?.first_name, "ERASED");
    const again = JSON.parse(runCli(args("find", "--json"), env).stdout) as { totalRows: number };
    assert.equal(again.totalRows, 0);
  });

  it("fails with NOT_FOUND for a store key the catalog does not have", () => {
    const r = runCli(["subject", "find", "--store", "nope", "--email", "a@b.c", "--dataset", DATASET, "--json"], env);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stderr) as { error: { code: string } }).error.code, "NOT_FOUND");
  });
});
