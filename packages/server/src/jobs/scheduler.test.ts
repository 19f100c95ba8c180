import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { isDomainError } from "@pipguard/core";
import { FakeClock } from "@pipguard/core/testing";
import { uuidV7Ids } from "../context.js";
import { createLogger } from "../logger.js";
import { openDb } from "../storage/db.js";
import { openTestDb, TEST_PG_URL, type TestDb } from "../testing/test-db.js";
import { JobQueue } from "./queue.js";
import { getHandler, registerHandler } from "./registry.js";
import { CronScheduler, tickKey } from "./scheduler.js";
import { SCHEDULES } from "./schedules.js";

registerHandler({ type: "test.tick", description: "counts ticks", run: async () => {} });

const logger = createLogger({ level: "silent" });

describe("CronScheduler", () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db.dispose();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom("jobs").execute();
  });

  it("enqueues a due tick once even when two instances on two connections both see it", async () => {
    const other = db.dialect === "postgres" ? openDb({ url: TEST_PG_URL, schema: db.location, poolSize: 2 }) : openDb({ url: db.location });
    try {
      const clock = new FakeClock("2025-01-01T00:59:30.000Z");
      const schedules = [{ name: "hourly", cron: "0 * * * *", type: "test.tick" }];
      const queueA = new JobQueue({ db, clock, ids: uuidV7Ids, logger });
      const queueB = new JobQueue({ db: other, clock, ids: uuidV7Ids, logger });
      const a = new CronScheduler({ queue: queueA, clock, timezone: "Asia/Shanghai", schedules, logger });
      const b = new CronScheduler({ queue: queueB, clock, timezone: "Asia/Shanghai", schedules, logger });
      assert.deepEqual(await Promise.all([a.tick(), b.tick()]), [0, 0], "nothing is due yet");
      clock.advance(30_000);
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      const jobs = await queueA.list();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]?.dedupeKey, tickKey("hourly", new Date("2025-01-01T01:00:00.000Z")));
      assert.equal(jobs[0]?.runAt, "2025-01-01T01:00:00.000Z");
      clock.advance(3600_000);
      await Promise.all([a.tick(), b.tick()]);
      assert.equal((await queueA.list()).length, 2, "the next hour is a new tick");
    } finally {
      await other.close();
    }
  });

  it("reads cron patterns in Asia/Shanghai: 03:30 local is 19:30 UTC the day before", async () => {
    const clock = new FakeClock("2025-06-01T12:00:00.000Z");
    const queue = new JobQueue({ db, clock, ids: uuidV7Ids, logger });
    const s = new CronScheduler({ queue, clock, timezone: "Asia/Shanghai", schedules: [{ name: "nightly", cron: "30 3 * * *", type: "test.tick" }], logger });
    assert.deepEqual(s.upcoming(), [{ name: "nightly", next: "2025-06-01T19:30:00.000Z" }]);
    clock.set("2025-06-01T19:29:59.000Z");
    assert.equal(await s.tick(), 0);
    clock.set("2025-06-01T19:30:00.000Z");
    assert.equal(await s.tick(), 1);
  });

  it("enqueues only the latest tick after a pause instead of a burst", async () => {
    const clock = new FakeClock("2025-01-01T00:00:30.000Z");
    const queue = new JobQueue({ db, clock, ids: uuidV7Ids, logger });
    const s = new CronScheduler({ queue, clock, timezone: "Asia/Shanghai", schedules: [{ name: "minutely", cron: "* * * * *", type: "test.tick" }], logger });
    clock.advance(10 * 60_000);
    assert.equal(await s.tick(), 1);
    const jobs = await queue.list();
    assert.deepEqual(
      jobs.map((j) => j.runAt),
      ["2025-01-01T00:10:00.000Z"],
    );
  });

  it("refuses a schedule naming an unknown job type or a bad time zone", () => {
    const clock = new FakeClock();
    const queue = new JobQueue({ db, clock, ids: uuidV7Ids, logger });
    assert.throws(
      () => new CronScheduler({ queue, clock, timezone: "Asia/Shanghai", schedules: [{ name: "x", cron: "* * * * *", type: "nope.nothing" }], logger }),
      (e) => isDomainError(e, "UNKNOWN_JOB_TYPE"),
    );
    assert.throws(
      () => new CronScheduler({ queue, clock, timezone: "Mars/Olympus", schedules: [{ name: "x", cron: "* * * * *", type: "test.tick" }], logger }),
      (e) => isDomainError(e, "CONFIG_INVALID"),
    );
  });

  it("declares built-in schedules with registered types, valid patterns and unique names", () => {
    const clock = new FakeClock();
    const queue = new JobQueue({ db, clock, ids: uuidV7Ids, logger });
    const s = new CronScheduler({ queue, clock, timezone: "Asia/Shanghai", schedules: SCHEDULES, logger });
    assert.ok(SCHEDULES.some((x) => x.type === "sessions.cleanup"));
    for (const x of SCHEDULES) assert.ok(getHandler(x.type), x.type);
    assert.equal(new Set(SCHEDULES.map((x) => x.name)).size, SCHEDULES.length);
    for (const u of s.upcoming()) assert.ok(u.next, `${u.name} fires`);
  });
});
