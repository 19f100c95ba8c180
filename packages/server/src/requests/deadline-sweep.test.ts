import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { sweepDeadlines } from "./deadline-sweep.js";
import { submitRequest } from "./intake.js";
import { RequestService } from "./request-service.js";

/** 10:00 in Beijing on `date`. */
const at = (date: string) => `${date}T02:00:00.000Z`;

describe("deadline job: reminders at 5 and 2 working days left, overdue escalation", () => {
  let t: TestApp;
  let id: string;
  const clock = new FakeClock(at("2025-09-28"));
  before(async () => {
    t = await createTestApp({ clock, users: false });
    id = (await submitRequest(t.ctx, { type: "access", channel: "email", contact: "a@example.cn", ip: "192.0.2.1" })).id;
    await new RequestService(t.ctx).verifyIdentity(id, "checked at the counter", { kind: "staff", id: null });
  });
  after(async () => {
    await t.dispose();
  });

  const alerts = async () => (await new RequestService(t.ctx).show(id)).events.filter((e) => e.kind === "reminder" || e.kind === "overdue").map((e) => e.note);

  it("stays quiet while more than 5 working days are left", async () => {
    clock.set(at("2025-10-16")); // due 2025-10-24: 6 working days left
    assert.deepEqual(await sweepDeadlines(t.ctx), { reminders: 0, overdue: 0 });
  });

  it("sends the 5-day reminder once, however often the job runs", async () => {
    clock.set(at("2025-10-17"));
    assert.deepEqual(await sweepDeadlines(t.ctx), { reminders: 1, overdue: 0 });
    assert.deepEqual(await sweepDeadlines(t.ctx), { reminders: 0, overdue: 0 });
    assert.deepEqual(await alerts(), ["reminder_5: due 2025-10-24"]);
  });

  it("sends the 2-day reminder, then escalates the day after the due date", async () => {
    clock.set(at("2025-10-22"));
    await sweepDeadlines(t.ctx);
    clock.set(at("2025-10-24"));
    assert.deepEqual(await sweepDeadlines(t.ctx), { reminders: 0, overdue: 0 });
    clock.set(at("2025-10-25"));
    assert.deepEqual(await sweepDeadlines(t.ctx), { reminders: 0, overdue: 1 });
    await sweepDeadlines(t.ctx);
    assert.deepEqual(await alerts(), ["reminder_5: due 2025-10-24", "reminder_2: due 2025-10-24", "overdue: due 2025-10-24"]);
    const list = await new RequestService(t.ctx).list({ overdue: true });
    assert.deepEqual(
      list.map((r) => [r.id, r.isOverdue]),
      [[id, true]],
    );
    assert.equal((await new RequestService(t.ctx).counts()).overdue, 1);
    const staff = (await new RequestService(t.ctx).messages(id)).filter((m) => m.channel === "console").map((m) => m.subject);
    assert.equal(staff.length, 3);
  });

  it("re-arms the reminders when the deadline is extended", async () => {
    await new RequestService(t.ctx).extend(id, { workingDays: 5, reason: "archive retrieval" }, { kind: "staff", id: null });
    const s = await new RequestService(t.ctx).show(id);
    assert.equal(s.dueOn, "2025-10-31");
    assert.equal(s.isOverdue, false);
    clock.set(at("2025-10-29"));
    await sweepDeadlines(t.ctx);
    assert.equal((await alerts()).at(-1), "reminder_2: due 2025-10-31");
  });

  it("leaves closed requests alone", async () => {
    await new RequestService(t.ctx).complete(id, { kind: "staff", id: null });
    clock.set(at("2025-11-10"));
    assert.deepEqual(await sweepDeadlines(t.ctx), { reminders: 0, overdue: 0 });
  });
});
