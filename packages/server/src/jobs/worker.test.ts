import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterEach, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { PermanentJobError } from "./job.js";
import { registerHandler } from "./registry.js";
import { sleep, waitFor } from "./testing.js";
import { type RunningWorker, startWorker } from "./worker.js";

const ran: string[] = [];
registerHandler({
  type: "test.work",
  description: "records the ref it was given",
  run: async (p) => {
    ran.push((p as { ref: string }).ref);
  },
});
registerHandler({
  type: "test.flaky",
  description: "always fails",
  run: async () => {
    throw new Error("downstream refused");
  },
});
registerHandler({
  type: "test.broken",
  description: "fails for good",
  run: async () => {
    throw new PermanentJobError("nothing to do");
  },
});
let slowRuns = 0;
registerHandler({
  type: "test.slow",
  description: "takes a while",
  run: async (p) => {
    slowRuns += 1;
    await sleep((p as { ms: number }).ms);
  },
});
let sawAbort = false;
registerHandler({
  type: "test.stuck",
  description: "waits until told to stop",
  run: async (_p, { signal }) => {
    await new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => resolve(), { once: true });
      setTimeout(resolve, 5_000).unref();
    });
    sawAbort = signal.aborted;
    throw new Error("stopped early");
  },
});

const quick = { pollMs: 10, schedules: false } as const;

describe("worker", () => {
  let t: TestApp | undefined;
  const workers: RunningWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await t?.dispose();
    t = undefined;
  });

  it("runs queued jobs to completion and never logs their payloads", async () => {
    t = await createTestApp({ users: false });
    const app = t;
    const refs = Array.from({ length: 5 }, () => `ref-${randomUUID()}`);
    for (const ref of refs) await app.ctx.jobs.enqueue("test.work", { ref });
    workers.push(startWorker(app.ctx, { ...quick, types: ["test.work"] }));
    await waitFor("5 succeeded jobs", async () => (await app.ctx.jobs.stats()).counts.succeeded === 5);
    assert.deepEqual([...ran].sort(), [...refs].sort());
    const jobLines = app.logs.filter((l) => l.includes('"subsystem":"jobs"'));
    assert.equal(jobLines.filter((l) => l.includes("job succeeded")).length, 5);
    for (const ref of refs) assert.ok(!app.logs.some((l) => l.includes(ref)), "a payload value reached the log");
  });

  it("retries a failing job after its backoff and dead-letters it after maxAttempts", async () => {
    const clock = new FakeClock("2025-05-01T00:00:00.000Z");
    t = await createTestApp({ users: false, clock });
    const jobs = t.ctx.jobs;
    const job = await jobs.enqueue("test.flaky", {}, { maxAttempts: 2 });
    workers.push(startWorker(t.ctx, { ...quick, types: ["test.flaky"] }));
    await waitFor("the first attempt to fail", async () => (await jobs.get(job.id))?.attempts === 1 && (await jobs.get(job.id))?.status === "queued");
    await sleep(50);
    assert.equal((await jobs.get(job.id))?.attempts, 1, "not retried before the backoff");
    clock.advance(10_001);
    await waitFor("the job to be dead", async () => (await jobs.get(job.id))?.status === "dead");
    const dead = await jobs.get(job.id);
    assert.equal(dead?.attempts, 2);
    assert.equal(dead?.lastError, "Error: downstream refused");
  });

  it("marks a job failed without retrying when its handler says retrying cannot help", async () => {
    t = await createTestApp({ users: false });
    const jobs = t.ctx.jobs;
    const job = await jobs.enqueue("test.broken", {}, { maxAttempts: 5 });
    workers.push(startWorker(t.ctx, { ...quick, types: ["test.broken"] }));
    await waitFor("the job to fail", async () => (await jobs.get(job.id))?.status === "failed");
    assert.equal((await jobs.get(job.id))?.attempts, 1);
  });

  it("renews the lease of a job that outlives it, so a second worker never runs it too", async () => {
    t = await createTestApp({ users: false });
    const jobs = t.ctx.jobs;
    slowRuns = 0;
    const job = await jobs.enqueue("test.slow", { ms: 800 });
    const opts = { ...quick, types: ["test.slow"], leaseMs: 150 };
    workers.push(startWorker(t.ctx, { ...opts, workerId: "lease-a" }), startWorker(t.ctx, { ...opts, workerId: "lease-b" }));
    await waitFor("the slow job to succeed", async () => (await jobs.get(job.id))?.status === "succeeded");
    assert.equal(slowRuns, 1);
    assert.equal((await jobs.get(job.id))?.attempts, 1);
  });

  it("waits for running jobs when stopped", async () => {
    t = await createTestApp({ users: false });
    const jobs = t.ctx.jobs;
    const job = await jobs.enqueue("test.slow", { ms: 300 });
    const w = startWorker(t.ctx, { ...quick, types: ["test.slow"] });
    await waitFor("the job to start", async () => (await jobs.get(job.id))?.status === "running");
    await w.stop();
    assert.equal((await jobs.get(job.id))?.status, "succeeded");
  });

  it("stops waiting after stopTimeoutMs and tells the handler through its abort signal", async () => {
    t = await createTestApp({ users: false });
    const jobs = t.ctx.jobs;
    sawAbort = false;
    const job = await jobs.enqueue("test.stuck", {});
    const w = startWorker(t.ctx, { ...quick, types: ["test.stuck"], stopTimeoutMs: 100 });
    await waitFor("the job to start", async () => (await jobs.get(job.id))?.status === "running");
    const began = Date.now();
    await w.stop();
    assert.ok(Date.now() - began < 2_000, "stop() is bounded");
    await waitFor("the handler to see the abort", () => sawAbort);
  });

  it("writes a heartbeat that /readyz reports: disabled without a worker, ok while it beats, stale when it stops beating", async () => {
    const clock = new FakeClock("2025-05-01T00:00:00.000Z");
    t = await createTestApp({ users: false, clock });
    const app = t;
    const ready = async () => (await app.json<{ checks: { worker: string } }>("GET", "/readyz")).body.checks.worker;
    assert.equal(await ready(), "disabled");
    const w = startWorker(app.ctx, { ...quick, types: [], heartbeatMs: 60_000 });
    workers.push(w);
    await waitFor("a heartbeat row", async () => (await app.ctx.jobs.heartbeats.list()).some((h) => h.workerId === w.id));
    assert.equal(await ready(), "ok");
    clock.advance(3 * 60_000);
    assert.equal(await ready(), "ok", "three intervals is still fresh");
    clock.advance(1);
    const res = await app.json<{ status: string; checks: { worker: string } }>("GET", "/readyz");
    assert.equal(res.status, 503);
    assert.equal(res.body.checks.worker, "stale");
    await w.stop();
    assert.deepEqual(await app.ctx.jobs.heartbeats.list(), [], "a clean stop removes the heartbeat");
    assert.equal(await ready(), "disabled");
  });

  it("runs the built-in sessions.cleanup job, which deletes expired admin sessions", async () => {
    const clock = new FakeClock("2025-05-01T00:00:00.000Z");
    t = await createTestApp({ clock });
    const db = t.ctx.db.kysely;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("admin_sessions")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count(), 4, "one session per role");
    clock.advance(13 * 3600_000); // sessions last 12 hours
    const job = await t.ctx.jobs.enqueue("sessions.cleanup");
    const jobs = t.ctx.jobs;
    workers.push(startWorker(t.ctx, { ...quick, types: ["sessions.cleanup"] }));
    await waitFor("the cleanup to succeed", async () => (await jobs.get(job.id))?.status === "succeeded");
    assert.equal(await count(), 0);
  });
});
