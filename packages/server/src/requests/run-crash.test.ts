/**
 * A worker killed (SIGKILL) in the middle of a deletion request's run: the first store's erasure is
 * committed and recorded, the worker dies while it waits for the second store, a new worker takes the
 * job over once the lease expires and finishes only the second store. Stores: a directory of JSONL
 * files and the real Sakila schema in SQLite; pipguard's own database is SQLite or PostgreSQL
 * (PIPGUARD_TEST_DB).
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { catalogService } from "../catalog/index.js";
import { loadConfig } from "../config/config.js";
import { type AppContext, createContext } from "../context.js";
import { waitFor } from "../jobs/testing.js";
import { createLogger } from "../logger.js";
import { loadSakilaSqlite, type SakilaStore } from "../testing/sakila.js";
import { TEST_DIALECT, TEST_PG_URL } from "../testing/test-db.js";
import { configureSubjectDataFromDir } from "./datasets-dir.js";
import { submitRequest } from "./intake.js";
import { getRun } from "./request-runs.js";
import { RequestService } from "./request-service.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const WORKER = join(HERE, "..", "testing", "run-worker.js");
const REPO = join(HERE, "..", "..", "..", "..");
const EMAIL = "MARY.SMITH@sakilacustomer.org";
const STAFF = { kind: "staff", id: "crash-test" } as const;
const LEASE_MS = 3_000;

function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 30_000);
    child.stdout?.on("data", (d) => {
      if (String(d).includes("ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

describe("a worker killed mid-run (SIGKILL of a real process)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ctx: AppContext;
  let sakila: SakilaStore;
  let crm: string;
  let dropDb = async () => {};
  const children: ChildProcess[] = [];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "pipguard-run-crash-"));
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PIPGUARD_DATA_DIR: dataDir,
      PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
      PIPGUARD_LOG_LEVEL: "warn",
      PIPGUARD_TEST_LEASE_MS: String(LEASE_MS),
    };
    if (TEST_DIALECT === "postgres") {
      const name = `pipguard_runcrash_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
      const admin = async (sql: string) => {
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      };
      await admin(`create database ${name}`);
      const u = new URL(TEST_PG_URL);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
      dropDb = () => admin(`drop database if exists ${name} with (force)`);
    }
    sakila = await loadSakilaSqlite();
    crm = join(dataDir, "crm");
    mkdirSync(crm);
    writeFileSync(
      join(crm, "members.jsonl"),
      [
        { id: "m1", email: "mary.smith@sakilacustomer.org", nick: "Mary S" },
        { id: "m2", email: "patricia.johnson@sakilacustomer.org", nick: "Pat" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n") + "\n",
    );
    mkdirSync(join(dataDir, "datasets"));
    // Stores run in key order: the files store first, then Sakila.
    writeFileSync(join(dataDir, "datasets", "a-crm.yaml"), "identity:\n  email: members.email\ntables:\n  members: delete\n");
    copyFileSync(join(REPO, "docs", "examples", "sakila-dataset.yaml"), join(dataDir, "datasets", "b-sakila.yaml"));
    ctx = await createContext(loadConfig(env), { logger: createLogger({ level: "silent" }) });
    const cat = catalogService(ctx);
    const sys = await cat.createSystem({ key: "shop", name: "Shop", kind: "website" });
    await cat.createStore({ key: "a-crm", systemId: sys.id, name: "CRM export", kind: "file", connection: crm });
    await cat.createStore({ key: "b-sakila", systemId: sys.id, name: "Sakila", kind: "sqlite", connection: sakila.connection });
    configureSubjectDataFromDir(ctx);
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await ctx?.db.close();
    await sakila?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    await dropDb();
  });

  it("resumes with the store not yet done, does not redo the first, and ends with her data gone from both", { timeout: 120_000 }, async () => {
    const count = async (sql: string) => Number(Object.values((await sakila.query(sql))[0] ?? {})[0]);
    const [mary] = await sakila.query(`SELECT customer_id, address_id FROM customer WHERE email = '${EMAIL}'`);
    const customers = await count("SELECT count(*) FROM customer");
    const othersBefore = await sakila.query(`SELECT * FROM customer WHERE customer_id <> ${mary?.customer_id} ORDER BY customer_id`);
    const payments = await count(`SELECT count(*) FROM payment WHERE customer_id = ${mary?.customer_id}`);

    const svc = new RequestService(ctx);
    const { id } = await submitRequest(ctx, { type: "deletion", channel: "email", contact: EMAIL, ip: "192.0.2.50" });
    await svc.verifyIdentity(id, "identity checked at the counter", STAFF);
    const run = await svc.startRun(id, STAFF);

    // Hold Sakila's write lock so the worker stops inside the second store, after the first committed.
    const lock = new Database(sakila.connection);
    lock.exec("BEGIN EXCLUSIVE");
    const first = await startWorkerProcess(env);
    children.push(first);
    await waitFor("the first store to be recorded done", async () => (await getRun(ctx, run.id))?.stores[0]?.done === true, 30_000);
    assert.equal((await getRun(ctx, run.id))?.stores[1]?.done, false);
    first.kill("SIGKILL");
    await exited(first);
    lock.exec("ROLLBACK");
    lock.close();
    assert.equal(first.signalCode, "SIGKILL");
    assert.doesNotMatch(readFileSync(join(crm, "members.jsonl"), "utf8"), /mary\.smith/i, "the first store's erasure was committed before the kill");
    assert.equal(await count(`SELECT count(*) FROM customer WHERE email = '${EMAIL}'`), 1, "the second store was not touched");
    assert.equal((await svc.show(id)).status, "in_progress");

    // A new worker takes the job over when the dead worker's lease expires, and finishes.
    const second = await startWorkerProcess(env);
    children.push(second);
    await waitFor("the run to finish", async () => (await getRun(ctx, run.id))?.status === "succeeded", 60_000);
    second.kill("SIGTERM");
    await exited(second);

    const done = (await getRun(ctx, run.id)) ?? assert.fail("no run");
    assert.equal(done.attempts, 2, "one attempt killed, one that finished");
    assert.deepEqual(
      done.stores.map((s) => [s.storeKey, s.attempt]),
      [
        ["a-crm", 1],
        ["b-sakila", 2],
      ],
      "the files store was done by the killed worker and not redone",
    );
    assert.deepEqual(done.stores[0]?.tables, [{ table: "members", action: "delete", rows: 1 }]);
    const detail = await svc.show(id);
    assert.equal(detail.status, "completed");
    assert.equal((await svc.messages(id)).filter((m) => m.subject === "申请已办结 Request completed").length, 1);

    // Files: her member row gone, the other kept.
    const members = readFileSync(join(crm, "members.jsonl"), "utf8").trim().split("\n");
    assert.deepEqual(
      members.map((l) => JSON.parse(l).id),
      ["m2"],
    );
    // Sakila: no row carries her name or e-mail; her payments are retained (PIPL Art. 47); others untouched.
    assert.equal(await count(`SELECT count(*) FROM customer WHERE lower(email) = lower('${EMAIL}') OR (first_name = 'MARY' AND last_name = 'SMITH')`), 0);
    assert.equal(await count(`SELECT count(*) FROM address WHERE address_id = ${mary?.address_id} AND address <> 'ERASED'`), 0);
    assert.equal(await count(`SELECT count(*) FROM payment WHERE customer_id = ${mary?.customer_id}`), payments);
    assert.equal(await count("SELECT count(*) FROM customer"), customers);
    assert.deepEqual(await sakila.query(`SELECT * FROM customer WHERE customer_id <> ${mary?.customer_id} ORDER BY customer_id`), othersBefore);
  });
});
