import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig } from "../config/config.js";
import { type AppContext, createContext } from "../context.js";
import { createLogger } from "../logger.js";
import { type Db, openDb } from "../storage/db.js";
import { openTestDb, TEST_DIALECT, TEST_PG_URL } from "../testing/test-db.js";
import { registerHandler } from "./registry.js";
import { sleep, waitFor } from "./testing.js";
import { startWorker } from "./worker.js";

const JOBS = 300;

// Every execution is recorded, keyed by job id, with the instance whose context ran it.
const executions = new Map<string, string[]>();
const instanceOf = new WeakMap<AppContext, string>();
registerHandler({
  type: "test.twin",
  description: "records each execution",
  run: async (_payload, { ctx, jobId }) => {
    await sleep(Math.random() * 4);
    const runs = executions.get(jobId) ?? [];
    runs.push(instanceOf.get(ctx) ?? "?");
    executions.set(jobId, runs);
  },
});

/**
 * Two pipguard instances (two contexts, two database handles — two pools on PostgreSQL) work one
 * queue at once; each job must run exactly once and both must take part.
 */
async function twoInstancesShareTheWork(dialect: "sqlite" | "postgres"): Promise<void> {
  executions.clear();
  const testDb = await openTestDb(dialect);
  const second: Db = dialect === "postgres" ? openDb({ url: TEST_PG_URL, schema: testDb.location, poolSize: 5 }) : openDb({ url: testDb.location });
  const dataDir = mkdtempSync(join(tmpdir(), "pipguard-twins-"));
  const config = loadConfig({
    NODE_ENV: "test",
    PIPGUARD_DATA_DIR: dataDir,
    PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
    PIPGUARD_LOG_LEVEL: "silent",
  });
  const logger = createLogger({ level: "silent" });
  try {
    const a = await createContext(config, { db: testDb, logger });
    const b = await createContext(config, { db: second, logger });
    instanceOf.set(a, "A");
    instanceOf.set(b, "B");
    for (let i = 0; i < JOBS; i++) await (i % 2 ? a : b).jobs.enqueue("test.twin", { n: i });
    const opts = { concurrency: 4, pollMs: 5, schedules: false, types: ["test.twin"] } as const;
    const workers = [startWorker(a, { ...opts, workerId: "twin-a" }), startWorker(b, { ...opts, workerId: "twin-b" })];
    try {
      await waitFor(`${JOBS} jobs to finish`, async () => (await a.jobs.stats()).counts.succeeded === JOBS, 60_000);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    assert.deepEqual((await b.jobs.stats()).counts, { queued: 0, running: 0, succeeded: JOBS, failed: 0, dead: 0 });
    assert.equal(executions.size, JOBS, "every job ran");
    const twice = [...executions.entries()].filter(([, runs]) => runs.length !== 1);
    assert.deepEqual(twice, [], "no job ran more than once");
    const byA = [...executions.values()].filter((r) => r[0] === "A").length;
    const byB = [...executions.values()].filter((r) => r[0] === "B").length;
    assert.equal(byA + byB, JOBS);
    assert.ok(byA > 0 && byB > 0, `both instances did some work (A ${byA}, B ${byB})`);
    const attempts = await a.db.kysely.selectFrom("jobs").select("attempts").distinct().execute();
    assert.deepEqual(
      attempts.map((r) => Number(r.attempts)),
      [1],
      "every job was claimed once",
    );
  } finally {
    await second.close();
    await testDb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe("two pipguard instances on one database", () => {
  it("run each of 300 jobs exactly once between them on PostgreSQL (FOR UPDATE SKIP LOCKED)", async (t) => {
    if (TEST_DIALECT !== "postgres") {
      t.skip("needs PostgreSQL (set PIPGUARD_TEST_DB=postgres)");
      return;
    }
    await twoInstancesShareTheWork("postgres");
  });

  it("run each of 300 jobs exactly once between them on one SQLite file", async () => {
    await twoInstancesShareTheWork("sqlite");
  });
});
