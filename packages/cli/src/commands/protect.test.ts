import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
// The Sakila loader is a server test helper (not part of the package's public API).
import { loadSakilaSqlite, type SakilaStore } from "../../../server/dist/testing/sakila.js";
import { freshEnv, runCli } from "../testing/run-cli.js";

describe("pipguard protect column|list (the built CLI, Sakila in SQLite)", () => {
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
    assert.equal(runCli(["catalog", "import", catalog, "--json"], env).code, 0);
  });
  after(async () => {
    await store.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const args = (...more: string[]) => ["protect", "column", "--store", "sakila", "--table", "address", "--column", "phone", "--scheme", "sm4", ...more];

  it("dry-runs, protects with SM4, lists, and undoes; piped output has no progress bar", async () => {
    const before = JSON.stringify(await store.query("SELECT address_id, phone FROM address ORDER BY address_id"));
    const dry = runCli(args("--dry-run", "--json"), env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((JSON.parse(dry.stdout) as { changed: number }).changed, 603);
    assert.equal(JSON.stringify(await store.query("SELECT address_id, phone FROM address ORDER BY address_id")), before);

    const run = runCli(args("--batch", "200"), env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^protected sakila: address\.phone \(sm4-ctr-hmac-sm3\): 603 value\(s\) encrypted/);
    assert.equal(run.stderr, "", "no progress bar when stderr is not a terminal");
    const [sample] = await store.query("SELECT phone FROM address WHERE address_id = 1");
    assert.match(String(sample?.phone), /^pg1:/);

    const list = JSON.parse(runCli(["protect", "list", "--json"], env).stdout) as { table: string; column: string; status: string }[];
    assert.deepEqual(
      list.map((c) => `${c.table}.${c.column}:${c.status}`),
      ["address.phone:protected"],
    );
    const other = runCli(["protect", "column", "--store", "sakila", "--table", "address", "--column", "phone", "--scheme", "aes", "--json"], env);
    assert.equal(other.code, 1);
    assert.equal((JSON.parse(other.stderr) as { error: { code: string } }).error.code, "CONFLICT");

    const undo = runCli(args("--undo", "--json"), env);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal((JSON.parse(undo.stdout) as { status: string }).status, "unprotected");
    assert.equal(JSON.stringify(await store.query("SELECT address_id, phone FROM address ORDER BY address_id")), before);
  });

  it("usage errors exit 2; an unknown table is NOT_FOUND", () => {
    assert.equal(runCli(["protect", "column", "--store", "sakila", "--table", "address", "--column", "phone", "--scheme", "des"], env).code, 2);
    const r = runCli(["protect", "column", "--store", "sakila", "--table", "nope", "--column", "phone", "--scheme", "aes", "--json"], env);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stderr) as { error: { code: string } }).error.code, "NOT_FOUND");
  });
});
