import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Role } from "../auth/permissions.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import type { Job } from "./job.js";
import { registerHandler } from "./registry.js";

registerHandler({ type: "test.route", description: "does nothing", run: async () => {} });

type Problem = { code: string };

describe("jobs API", () => {
  let t: TestApp;
  let dead: Job;
  let queued: Job;
  before(async () => {
    t = await createTestApp();
    const jobs = t.ctx.jobs;
    await jobs.enqueue("test.route", { subjectId: "s-1" }, { maxAttempts: 1 });
    const [claimed] = await jobs.claim("w-test", 60_000, { types: ["test.route"] });
    await jobs.fail(claimed!, "w-test", new Error("mail bounced for wang.fang@example.cn"));
    dead = (await jobs.get(claimed!.id))!;
    queued = await jobs.enqueue("sessions.cleanup");
  });
  after(async () => {
    await t.dispose();
  });

  for (const role of ["admin", "privacy_officer", "auditor"] as Role[]) {
    it(`lets ${role} list jobs (jobs:read)`, async () => {
      const { status, body } = await t.json<{ items: Job[] }>("GET", "/api/v1/jobs", { as: role });
      assert.equal(status, 200);
      assert.deepEqual(new Set(body.items.map((j) => j.id)), new Set([dead.id, queued.id]));
      assert.ok(
        body.items.every((j) => !("payload" in j)),
        "lists leave payloads out",
      );
    });
  }

  it("answers 401 to anonymous callers and 403 to agents on every read route", async () => {
    for (const path of ["/api/v1/jobs", "/api/v1/jobs/stats", `/api/v1/jobs/${dead.id}`]) {
      const anon = await t.json<Problem>("GET", path);
      assert.equal(anon.status, 401, path);
      assert.equal(anon.body.code, "UNAUTHENTICATED");
      const agent = await t.json<Problem>("GET", path, { as: "agent" });
      assert.equal(agent.status, 403, path);
      assert.equal(agent.body.code, "FORBIDDEN");
    }
  });

  it("filters by status and type and bounds the limit", async () => {
    const byStatus = await t.json<{ items: Job[] }>("GET", "/api/v1/jobs?status=dead", { as: "auditor" });
    assert.deepEqual(
      byStatus.body.items.map((j) => j.id),
      [dead.id],
    );
    const byType = await t.json<{ items: Job[] }>("GET", "/api/v1/jobs?type=sessions.cleanup", { as: "auditor" });
    assert.deepEqual(
      byType.body.items.map((j) => j.id),
      [queued.id],
    );
    const one = await t.json<{ items: Job[] }>("GET", "/api/v1/jobs?limit=1", { as: "auditor" });
    assert.equal(one.body.items.length, 1);
    for (const bad of ["limit=0", "limit=501", "status=exploded"]) {
      const r = await t.json<Problem>("GET", `/api/v1/jobs?${bad}`, { as: "auditor" });
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.code, "VALIDATION_FAILED");
    }
  });

  it("shows one job with its payload and its scrubbed last error; 404 for an unknown id", async () => {
    const { status, body } = await t.json<Job>("GET", `/api/v1/jobs/${dead.id}`, { as: "auditor" });
    assert.equal(status, 200);
    assert.equal(body.status, "dead");
    assert.deepEqual(body.payload, { subjectId: "s-1" });
    assert.equal(body.lastError, "Error: mail bounced for [email]");
    const missing = await t.json<Problem>("GET", "/api/v1/jobs/no-such-job", { as: "auditor" });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "NOT_FOUND");
  });

  it("reports counts per status and workers with their last heartbeat", async () => {
    await t.ctx.jobs.heartbeats.beat({ workerId: "w-stats", hostname: "node-1", pid: 4242, startedAt: t.ctx.clock.now().toISOString() });
    const { status, body } = await t.json<{ counts: Record<string, number>; workers: { workerId: string; fresh: boolean }[]; health: string }>(
      "GET",
      "/api/v1/jobs/stats",
      { as: "privacy_officer" },
    );
    assert.equal(status, 200);
    assert.equal(body.counts.dead, 1);
    assert.equal(body.counts.queued, 1);
    assert.deepEqual(
      body.workers.map((w) => [w.workerId, w.fresh]),
      [["w-stats", true]],
    );
    assert.equal(body.health, "ok");
    await t.ctx.jobs.heartbeats.remove("w-stats");
  });

  it("lets only admins retry (jobs:write): 401 anonymous, 403 for every other role", async () => {
    const anon = await t.json<Problem>("POST", `/api/v1/jobs/${dead.id}/retry`);
    assert.equal(anon.status, 401);
    for (const role of ["privacy_officer", "auditor", "agent"] as Role[]) {
      const r = await t.json<Problem>("POST", `/api/v1/jobs/${dead.id}/retry`, { as: role });
      assert.equal(r.status, 403, role);
      assert.equal(r.body.code, "FORBIDDEN");
    }
    assert.equal((await t.ctx.jobs.get(dead.id))?.status, "dead", "nothing changed");
  });

  it("puts a dead job back in the queue; retrying a queued job is a 409, an unknown one a 404", async () => {
    const { status, body } = await t.json<Job>("POST", `/api/v1/jobs/${dead.id}/retry`, { as: "admin" });
    assert.equal(status, 200);
    assert.equal(body.status, "queued");
    assert.equal(body.attempts, 0);
    const again = await t.json<Problem>("POST", `/api/v1/jobs/${dead.id}/retry`, { as: "admin" });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, "CONFLICT");
    const missing = await t.json<Problem>("POST", "/api/v1/jobs/no-such-job/retry", { as: "admin" });
    assert.equal(missing.status, 404);
  });
});
