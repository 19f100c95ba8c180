import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { isDomainError } from "@pipguard/core";
import { FakeClock } from "@pipguard/core/testing";
import { sql } from "kysely";
import { z } from "zod";
import { uuidV7Ids } from "../context.js";
import { createLogger } from "../logger.js";
import { openTestDb, type TestDb } from "../testing/test-db.js";
import { backoffMs, PermanentJobError, storedError } from "./job.js";
import { JobQueue } from "./queue.js";
import { registerHandler } from "./registry.js";

registerHandler({ type: "test.noop", description: "does nothing", maxAttempts: 3, run: async () => {} });
registerHandler({
  type: "test.typed",
  description: "takes a subject id",
  payload: z.strictObject({ subjectId: z.string().uuid() }),
  run: async () => {},
});

const START = "2025-03-01T00:00:00.000Z";

describe("JobQueue", () => {
  let db: TestDb;
  let clock: FakeClock;
  let queue: JobQueue;
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom("jobs").execute();
    clock = new FakeClock(START);
    // random() = 0.5 puts every backoff in the middle of its jitter range.
    queue = new JobQueue({ db, clock, ids: uuidV7Ids, logger: createLogger({ level: "silent" }), random: () => 0.5 });
  });

  it("enqueues, claims and completes a job, leasing it to one worker", async () => {
    const job = await queue.enqueue("test.noop", { id: "x1" });
    assert.equal(job.status, "queued");
    assert.equal(job.attempts, 0);
    assert.equal(job.maxAttempts, 3, "the handler's maxAttempts is the default");
    const [claimed] = await queue.claim("w1", 60_000);
    assert.ok(claimed);
    assert.equal(claimed.id, job.id);
    assert.equal(claimed.status, "running");
    assert.equal(claimed.attempts, 1);
    assert.equal(claimed.lockedBy, "w1");
    assert.equal(claimed.lockedUntil, "2025-03-01T00:01:00.000Z");
    assert.deepEqual(claimed.payload, { id: "x1" });
    assert.deepEqual(await queue.claim("w2", 60_000), [], "a leased job is not handed out twice");
    assert.equal(await queue.complete(claimed, "w1"), true);
    const done = await queue.get(job.id);
    assert.equal(done?.status, "succeeded");
    assert.equal(done?.lockedBy, null);
    assert.equal(done?.finishedAt, START);
  });

  it("rejects an unknown job type with UNKNOWN_JOB_TYPE", async () => {
    await assert.rejects(queue.enqueue("nope.nothing", {}), (e) => isDomainError(e, "UNKNOWN_JOB_TYPE"));
  });

  it("rejects a payload its handler's schema refuses with VALIDATION_FAILED", async () => {
    await assert.rejects(queue.enqueue("test.typed", { subjectId: "not-a-uuid" }), (e) => isDomainError(e, "VALIDATION_FAILED"));
    await assert.rejects(queue.enqueue("test.typed", { subjectId: "0196c1a5-0000-7000-8000-000000000000", name: "x" }), (e) =>
      isDomainError(e, "VALIDATION_FAILED"),
    );
    const ok = await queue.enqueue("test.typed", { subjectId: "0196c1a5-0000-7000-8000-000000000000" });
    assert.equal(ok.status, "queued");
  });

  it("rejects out-of-range maxAttempts and priority", async () => {
    await assert.rejects(queue.enqueue("test.noop", {}, { maxAttempts: 0 }), (e) => isDomainError(e, "VALIDATION_FAILED"));
    await assert.rejects(queue.enqueue("test.noop", {}, { priority: 1.5 }), (e) => isDomainError(e, "VALIDATION_FAILED"));
  });

  it("makes enqueue idempotent with a dedupeKey", async () => {
    const a = await queue.enqueue("test.noop", {}, { dedupeKey: "k-1" });
    const b = await queue.enqueue("test.noop", { other: true }, { dedupeKey: "k-1" });
    const c = await queue.enqueue("test.noop", {}, { dedupeKey: "k-2" });
    assert.equal(b.id, a.id);
    assert.notEqual(c.id, a.id);
    assert.equal((await queue.list()).length, 2);
  });

  it("does not hand out a job before its runAt", async () => {
    await queue.enqueue("test.noop", {}, { runAt: new Date("2025-03-01T00:00:10.000Z") });
    assert.deepEqual(await queue.claim("w1", 1000), []);
    clock.advance(10_000);
    assert.equal((await queue.claim("w1", 1000)).length, 1);
  });

  it("claims by priority, then by runAt, up to the limit", async () => {
    const low = await queue.enqueue("test.noop", {}, { priority: 5 });
    clock.advance(1);
    const urgent = await queue.enqueue("test.noop", {}, { priority: -1 });
    clock.advance(1);
    const normal = await queue.enqueue("test.noop", {});
    const claimed = await queue.claim("w1", 1000, { limit: 2 });
    assert.deepEqual(
      claimed.map((j) => j.id),
      [urgent.id, normal.id],
    );
    assert.deepEqual(
      (await queue.claim("w1", 1000, { limit: 5 })).map((j) => j.id),
      [low.id],
    );
  });

  it("retries with exponential backoff, then dead-letters after maxAttempts and keeps the job", async () => {
    const job = await queue.enqueue("test.noop", {}, { maxAttempts: 3 });
    const expectedDelays = [7_500, 15_000]; // 2^n × 5 s with jitter at its midpoint: 10 s → 7.5 s, 20 s → 15 s
    for (const [i, delay] of expectedDelays.entries()) {
      const [c] = await queue.claim("w1", 60_000);
      assert.equal(c?.attempts, i + 1);
      assert.equal(await queue.fail(c!, "w1", new Error("upstream timeout")), "queued");
      const after = await queue.get(job.id);
      assert.equal(Date.parse(after!.runAt) - clock.now().getTime(), delay);
      clock.advance(delay - 1);
      assert.deepEqual(await queue.claim("w1", 60_000), [], "not before the backoff has passed");
      clock.advance(1);
    }
    const [last] = await queue.claim("w1", 60_000);
    assert.equal(last?.attempts, 3);
    assert.equal(await queue.fail(last!, "w1", new Error("call 13800138000 or mail li.lei@example.cn")), "dead");
    const dead = await queue.get(job.id);
    assert.equal(dead?.status, "dead");
    assert.ok(dead?.finishedAt);
    assert.equal(dead?.lastError, "Error: call [number] or mail [email]");
    clock.advance(24 * 3600_000);
    assert.deepEqual(await queue.claim("w1", 60_000), [], "a dead job is never claimed again");
  });

  it("marks a job failed at once on a PermanentJobError, and retry() puts it back with fresh attempts", async () => {
    const job = await queue.enqueue("test.noop", {}, { maxAttempts: 5 });
    const [c] = await queue.claim("w1", 60_000);
    assert.equal(await queue.fail(c!, "w1", new PermanentJobError("record gone")), "failed");
    const again = await queue.retry(job.id);
    assert.equal(again.status, "queued");
    assert.equal(again.attempts, 0);
    assert.equal(again.lastError, "PermanentJobError: record gone", "the last error stays for inspection");
    assert.equal((await queue.claim("w1", 60_000))[0]?.id, job.id);
    await assert.rejects(queue.retry(job.id), (e) => isDomainError(e, "CONFLICT"));
    await assert.rejects(queue.retry("no-such-id"), (e) => isDomainError(e, "NOT_FOUND"));
  });

  it("reclaims a job whose lease expired, and ignores the old worker's late result", async () => {
    const job = await queue.enqueue("test.noop", {});
    const [first] = await queue.claim("w1", 1_000);
    clock.advance(999);
    assert.deepEqual(await queue.claim("w2", 1_000), [], "the lease still holds");
    clock.advance(2);
    const [second] = await queue.claim("w2", 1_000);
    assert.equal(second?.id, job.id);
    assert.equal(second?.attempts, 2, "the lost attempt counts");
    assert.equal(await queue.complete(first!, "w1"), false, "w1 no longer owns the job");
    assert.equal(await queue.fail(first!, "w1", new Error("late")), undefined);
    assert.equal(await queue.complete(second!, "w2"), true);
    assert.equal((await queue.get(job.id))?.status, "succeeded");
  });

  it("dead-letters a job whose lease expires on its last attempt", async () => {
    const job = await queue.enqueue("test.noop", {}, { maxAttempts: 1 });
    await queue.claim("w1", 1_000);
    clock.advance(1_001);
    assert.deepEqual(await queue.claim("w2", 1_000), []);
    const dead = await queue.get(job.id);
    assert.equal(dead?.status, "dead");
    assert.match(dead?.lastError ?? "", /lease expired/);
  });

  it("extends a lease only for the worker that holds it", async () => {
    const job = await queue.enqueue("test.noop", {});
    const [c] = await queue.claim("w1", 1_000);
    clock.advance(900);
    assert.equal(await queue.extendLease(c!, "w1", 1_000), true);
    assert.equal(await queue.extendLease(c!, "w2", 1_000), false);
    clock.advance(900);
    assert.deepEqual(await queue.claim("w2", 1_000), [], "the extended lease still holds");
    assert.equal((await queue.get(job.id))?.lockedUntil, "2025-03-01T00:00:01.900Z");
  });

  it("lists by status and type and counts jobs per status", async () => {
    await queue.enqueue("test.noop", {});
    await queue.enqueue("test.typed", { subjectId: "0196c1a5-0000-7000-8000-000000000000" });
    const [c] = await queue.claim("w1", 1_000, { types: ["test.noop"] });
    await queue.complete(c!, "w1");
    assert.deepEqual(
      (await queue.list({ status: "succeeded" })).map((j) => j.type),
      ["test.noop"],
    );
    assert.deepEqual(
      (await queue.list({ type: "test.typed" })).map((j) => j.status),
      ["queued"],
    );
    assert.deepEqual((await queue.stats()).counts, { queued: 1, running: 0, succeeded: 1, failed: 0, dead: 0 });
  });

  it("prunes old succeeded jobs but keeps dead ones", async () => {
    await queue.enqueue("test.noop", {}, { maxAttempts: 1 });
    await queue.enqueue("test.noop", {});
    const [a, b] = await queue.claim("w1", 1_000, { limit: 2 });
    await queue.fail(a!, "w1", new Error("x"));
    await queue.complete(b!, "w1");
    clock.advance(1_000);
    const removed = await queue.prune({ succeededBefore: clock.now().toISOString(), heartbeatsBefore: clock.now().toISOString() });
    assert.equal(removed.jobs, 1);
    assert.deepEqual(
      (await queue.list()).map((j) => j.status),
      ["dead"],
    );
  });

  it("stores timestamps as ISO-8601 UTC text", async () => {
    await queue.enqueue("test.noop", {});
    const row = await sql<{ run_at: string }>`select run_at from jobs`.execute(db.kysely);
    assert.equal(row.rows[0]?.run_at, START);
  });
});

describe("backoff and stored errors", () => {
  it("doubles the backoff per attempt, stays within its jitter range and is capped at an hour", () => {
    assert.equal(
      backoffMs(1, () => 0),
      5_000,
    );
    assert.equal(
      backoffMs(1, () => 1),
      10_000,
    );
    assert.equal(
      backoffMs(3, () => 1),
      40_000,
    );
    assert.equal(
      backoffMs(30, () => 1),
      3_600_000,
    );
    for (let i = 0; i < 100; i++) {
      const d = backoffMs(2);
      assert.ok(d >= 10_000 && d <= 20_000, `${d} is within 10–20 s`);
    }
  });

  it("masks PI-looking values and truncates long messages", () => {
    assert.equal(storedError(new Error("id 11010519491231002X failed")), "Error: id [number] failed");
    const long = storedError(new Error("x".repeat(5_000)));
    assert.equal(long.length, 500);
    assert.ok(long.endsWith("…"));
  });
});
