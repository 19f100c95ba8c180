import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
// The Sakila loader is a server test helper (not part of the package's public API).
import { loadSakilaSqlite, type SakilaStore } from "../../../server/dist/testing/sakila.js";
import { BIN, freshEnv, runCli } from "../testing/run-cli.js";

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

    // A rotation to a new SM4 key names the column still under the old one; --rekey moves it.
    const rotate = runCli(["keys", "rotate", "--cipher", "sm4"], env);
    assert.equal(rotate.code, 0, rotate.stderr);
    assert.match(
      rotate.stdout,
      /protected column sakila: address\.phone is still under key \S+; move it with: pipguard protect column --store sakila --table address --column phone --scheme sm4 --rekey/,
    );
    const rekey = runCli(args("--rekey", "--json"), env);
    assert.equal(rekey.code, 0, rekey.stderr);
    const rk = JSON.parse(rekey.stdout) as { action: string; status: string; changed: number; keyId: string };
    assert.deepEqual([rk.action, rk.status, rk.changed], ["rekey", "protected", 603]);
    const [moved] = await store.query("SELECT phone FROM address WHERE address_id = 1");
    assert.equal(String(moved?.phone).split(":")[1], rk.keyId);
    const again = JSON.parse(runCli(["keys", "rotate", "--resume", "--json"], env).stdout) as { protectedColumnsToRekey: unknown[] };
    assert.deepEqual(again.protectedColumnsToRekey, [], "nothing left to move");

    const undo = runCli(args("--undo", "--json"), env);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal((JSON.parse(undo.stdout) as { status: string }).status, "unprotected");
    assert.equal(JSON.stringify(await store.query("SELECT address_id, phone FROM address ORDER BY address_id")), before);
  });

  it("a run killed with SIGKILL continues where it stopped when started again", async () => {
    // A bigger table (generated values) so the kill lands mid-run.
    await store.query("CREATE TABLE member (id INTEGER PRIMARY KEY, email VARCHAR(60))");
    await store.query(
      "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 30000) INSERT INTO member SELECT i, 'user' || i || '@example.com' FROM g",
    );
    const cmd = ["protect", "column", "--store", "sakila", "--table", "member", "--column", "email", "--scheme", "aes", "--batch", "10", "--json"];
    const child = spawn(process.execPath, [BIN, ...cmd], { env, stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    const encrypted = async () => Number((await store.query("SELECT count(*) AS n FROM member WHERE email LIKE 'pg1:%'"))[0]?.n);
    for (let i = 0; i < 3000 && (await encrypted()) < 100; i++) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await exited;
    const done = await encrypted();
    assert.ok(done >= 100 && done < 30000, `killed mid-run (${done} rows encrypted)`);
    const state = (JSON.parse(runCli(["protect", "list", "--json"], env).stdout) as { table: string; status: string; rowsDone: number }[]).find(
      (c) => c.table === "member",
    );
    assert.equal(state?.status, "protecting");
    const again = runCli([...cmd.slice(0, -3), "--batch", "1000", "--json"], env);
    assert.equal(again.code, 0, again.stderr);
    const r = JSON.parse(again.stdout) as { status: string; scanned: number; changed: number };
    assert.equal(r.status, "protected");
    assert.ok(r.scanned < 30000 && r.scanned === 30000 - (state?.rowsDone ?? 0), "resumed from the saved cursor");
    assert.equal(await encrypted(), 30000);
    assert.equal(r.changed, 30000 - done, "no row encrypted twice");
  });

  it("usage errors exit 2; an unknown table is NOT_FOUND", () => {
    assert.equal(runCli(["protect", "column", "--store", "sakila", "--table", "address", "--column", "phone", "--scheme", "des"], env).code, 2);
    const r = runCli(["protect", "column", "--store", "sakila", "--table", "nope", "--column", "phone", "--scheme", "aes", "--json"], env);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stderr) as { error: { code: string } }).error.code, "NOT_FOUND");
  });
});
