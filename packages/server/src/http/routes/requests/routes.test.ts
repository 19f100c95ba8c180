import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { RequestService } from "../../../requests/request-service.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Problem = { code: string; detail?: string };
type Summary = {
  id: string;
  status: string;
  dueOn: string;
  workingDaysLeft: number;
  isOverdue: boolean;
  assigneeId: string | null;
  refusalReason: string | null;
};
const EMAIL = "li.si@example.cn";

/** The code in the newest verification message of a request (what the requester reads in their inbox). */
async function codeOf(t: TestApp, id: string): Promise<string> {
  const msgs = await new RequestService(t.ctx).messages(id);
  const m = msgs.filter((x) => x.subject.includes("Verification code")).at(-1);
  const code = /: (\d{6})\n/.exec(m?.text ?? "")?.[1];
  assert.ok(code, "a code was sent");
  return code;
}

async function submit(t: TestApp, body: Record<string, unknown> = {}): Promise<string> {
  const r = await t.json<{ id: string; status: string }>("POST", "/api/v1/requests", { body: { type: "access", channel: "email", contact: EMAIL, ...body } });
  assert.equal(r.status, 202);
  return r.body.id;
}

async function verified(t: TestApp, body: Record<string, unknown> = {}): Promise<string> {
  const id = await submit(t, body);
  const v = await t.json("POST", `/api/v1/requests/${id}/verify`, { body: { code: await codeOf(t, id) } });
  assert.equal(v.status, 200);
  return id;
}

describe("rights requests over HTTP", () => {
  let t: TestApp;
  // 00:30 on Sunday 28 Sep 2025 in Beijing, a working day (调休); each test starts an hour later, so the
  // per-hour rate limits of one test do not spill into the next, and all of them stay on the 28th.
  const clock = new FakeClock("2025-09-27T16:30:00.000Z");
  before(async () => {
    t = await createTestApp({ clock, config: { PIPGUARD_SESSION_HOURS: "48" } });
  });
  beforeEach(() => clock.advance(61 * 60_000));
  after(async () => {
    await t.dispose();
  });

  it("accepts a request from anyone, sends a code and counts 15 working days past National Day", async () => {
    const id = await submit(t);
    const shown = await t.json<Summary>("GET", `/api/v1/requests/${id}`, { as: "agent" });
    assert.equal(shown.body.status, "identity_verification");
    assert.equal(shown.body.dueOn, "2025-10-24");
    const v = await t.json<{ status: string; dueOn: string; requesterToken: string }>("POST", `/api/v1/requests/${id}/verify`, {
      body: { code: await codeOf(t, id) },
    });
    const { requesterToken, ...rest } = v.body;
    assert.deepEqual(rest, { id, status: "in_progress", dueOn: "2025-10-24" });
    assert.match(requesterToken, /^prq_[A-Za-z0-9_-]{40,}$/);
  });

  it("answers an unknown address exactly like a known one and never says whether a person exists", async () => {
    const a = await t.json<Record<string, unknown>>("POST", "/api/v1/requests", { body: { type: "deletion", channel: "email", contact: "nobody@nowhere.cn" } });
    const b = await t.json<Record<string, unknown>>("POST", "/api/v1/requests", { body: { type: "deletion", channel: "email", contact: EMAIL } });
    assert.equal(a.status, b.status);
    assert.deepEqual(Object.keys(a.body).sort(), Object.keys(b.body).sort());
    assert.equal(a.body.message, b.body.message);
    assert.equal(a.body.status, b.body.status);
  });

  it("gives the same VERIFICATION_FAILED for a wrong code, an unknown request and a used code", async () => {
    const id = await submit(t);
    const code = await codeOf(t, id);
    const wrong = code === "000000" ? "000001" : "000000";
    for (const [path, c] of [
      [`/api/v1/requests/${id}/verify`, wrong],
      ["/api/v1/requests/no-such-id/verify", code],
    ] as const) {
      const r = await t.json<Problem>("POST", path, { body: { code: c } });
      assert.equal(r.status, 422);
      assert.equal(r.body.code, "VERIFICATION_FAILED");
    }
    assert.equal((await t.request("POST", `/api/v1/requests/${id}/verify`, { body: { code } })).status, 200);
    assert.equal((await t.json<Problem>("POST", `/api/v1/requests/${id}/verify`, { body: { code } })).body.code, "VERIFICATION_FAILED");
  });

  it("kills a code after 5 wrong attempts, even if the 6th is right", async () => {
    const id = await submit(t);
    const code = await codeOf(t, id);
    const wrong = code === "123456" ? "654321" : "123456";
    for (let i = 0; i < 5; i++) await t.request("POST", `/api/v1/requests/${id}/verify`, { body: { code: wrong } });
    assert.equal((await t.json<Problem>("POST", `/api/v1/requests/${id}/verify`, { body: { code } })).body.code, "VERIFICATION_FAILED");
  });

  it("sends a fresh code on resend, which works where the used-up one did not; an unknown id gets the same 202", async () => {
    const id = await submit(t);
    const first = await codeOf(t, id);
    const wrong = first === "123456" ? "654321" : "123456";
    for (let i = 0; i < 5; i++) await t.request("POST", `/api/v1/requests/${id}/verify`, { body: { code: wrong } });
    const a = await t.json<{ message: string }>("POST", `/api/v1/requests/${id}/resend`, { body: {} });
    const b = await t.json<{ message: string }>("POST", "/api/v1/requests/no-such-id/resend", { body: {} });
    assert.equal(a.status, 202);
    assert.deepEqual(a.body, b.body);
    assert.equal((await t.json<Problem>("POST", `/api/v1/requests/${id}/verify`, { body: { code: first } })).body.code, "VERIFICATION_FAILED");
    const second = await codeOf(t, id);
    assert.equal((await t.request("POST", `/api/v1/requests/${id}/verify`, { body: { code: second } })).status, 200);
  });

  it("expires a code after 10 minutes", async () => {
    const id = await submit(t);
    const code = await codeOf(t, id);
    clock.advance(10 * 60_000 + 1);
    try {
      assert.equal((await t.json<Problem>("POST", `/api/v1/requests/${id}/verify`, { body: { code } })).body.code, "VERIFICATION_FAILED");
    } finally {
      clock.advance(-(10 * 60_000 + 1));
    }
  });

  it("keeps a deceased person's relative in identity verification after the code until staff check the documents (Art. 49)", async () => {
    const id = await submit(t, { type: "copy", deceasedRelative: true });
    const v = await t.json<{ status: string }>("POST", `/api/v1/requests/${id}/verify`, { body: { code: await codeOf(t, id) } });
    assert.equal(v.status, 200);
    assert.equal(v.body.status, "identity_verification");
    const s = await t.json<Summary>("POST", `/api/v1/requests/${id}/verify-identity`, {
      as: "agent",
      body: { note: "death certificate and household register seen" },
    });
    assert.equal(s.body.status, "in_progress");
    const run = await t.json<Problem>("POST", `/api/v1/requests/${id}/run`, { as: "agent", body: {} });
    assert.equal(run.body.code, "NOT_CONFIGURED");
  });

  it("rejects bad intake input with 400 and a deceased relative asking for portability with 400", async () => {
    for (const body of [
      { type: "access", channel: "email", contact: "not-an-email" },
      { type: "access", channel: "sms", contact: "12345" },
      { type: "teleport", channel: "email", contact: EMAIL },
      { type: "access", channel: "email", contact: EMAIL, extra: 1 },
      { type: "portability", channel: "email", contact: EMAIL, deceasedRelative: true },
    ]) {
      const r = await t.json<Problem>("POST", "/api/v1/requests", { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.code, "VALIDATION_FAILED");
      assert.ok(!JSON.stringify(r.body).includes("12345"));
    }
    assert.equal((await t.json<Problem>("POST", "/api/v1/requests/x/verify", { body: { code: "12ab56" } })).status, 400);
  });

  it("lists with counts by status, due this week and overdue, and filters by status", async () => {
    const r = await t.json<{ items: Summary[]; counts: { byStatus: Record<string, number>; dueThisWeek: number; overdue: number } }>(
      "GET",
      "/api/v1/requests?status=in_progress",
      { as: "auditor" },
    );
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 1);
    assert.ok(r.body.items.every((i) => i.status === "in_progress"));
    assert.equal(r.body.counts.byStatus.in_progress, r.body.items.length);
    assert.equal(r.body.counts.overdue, 0);
    assert.equal(r.body.counts.dueThisWeek, 0);
    assert.equal((await t.json<Problem>("GET", "/api/v1/requests?status=lost", { as: "agent" })).status, 400);
    assert.equal((await t.json<Problem>("GET", "/api/v1/requests?dueBy=2025-02-30", { as: "agent" })).status, 400);
  });

  it("lets an agent assign, note, extend and complete, with every step in the audit trail", async () => {
    const id = await verified(t);
    const users = await t.ctx.db.kysely.selectFrom("admin_users").select(["id", "role"]).execute();
    const agentId = users.find((u) => u.role === "agent")?.id ?? "";
    assert.equal((await t.json<Summary>("POST", `/api/v1/requests/${id}/assign`, { as: "agent", body: { assigneeId: agentId } })).body.assigneeId, agentId);
    assert.equal(
      (await t.json<Problem>("POST", `/api/v1/requests/${id}/assign`, { as: "agent", body: { assigneeId: "ghost" } })).body.code,
      "UNKNOWN_REFERENCE",
    );
    assert.equal((await t.request("POST", `/api/v1/requests/${id}/notes`, { as: "agent", body: { note: "called the requester" } })).status, 200);
    const ext = await t.json<Summary>("POST", `/api/v1/requests/${id}/extend`, { as: "agent", body: { workingDays: 5, reason: "data held by a contractor" } });
    assert.equal(ext.body.dueOn, "2025-10-31");
    const over = await t.json<Problem>("POST", `/api/v1/requests/${id}/extend`, { as: "agent", body: { workingDays: 11, reason: "more" } });
    assert.equal(over.body.code, "EXTENSION_LIMIT_REACHED");
    assert.equal((await t.json<Summary>("POST", `/api/v1/requests/${id}/complete`, { as: "agent", body: {} })).body.status, "completed");
    const again = await t.json<Problem>("POST", `/api/v1/requests/${id}/complete`, { as: "agent", body: {} });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, "REQUEST_TRANSITION_NOT_ALLOWED");
    const detail = await t.json<{ contact: string; events: { kind: string; toStatus: string | null; note: string | null; actorId: string | null }[] }>(
      "GET",
      `/api/v1/requests/${id}`,
      { as: "auditor" },
    );
    assert.equal(detail.body.contact, EMAIL);
    assert.deepEqual(
      detail.body.events.map((e) => e.kind + (e.toStatus ? `:${e.toStatus}` : "")),
      ["transition:received", "transition:identity_verification", "transition:in_progress", "assignment", "note", "extension", "transition:completed"],
    );
    assert.equal(detail.body.events.find((e) => e.kind === "note")?.note, "called the requester");
    assert.equal(detail.body.events.at(-1)?.actorId, agentId);
    const subjects = (await new RequestService(t.ctx).messages(id)).map((m) => m.subject);
    assert.ok(subjects.some((s) => s.includes("Deadline extended")) && subjects.some((s) => s.includes("Request completed")));
  });

  it("refuses only with a listed reason and tells the requester the legal basis", async () => {
    const id = await verified(t, { type: "deletion" });
    const bad = await t.json<Problem>("POST", `/api/v1/requests/${id}/refuse`, { as: "agent", body: { reason: "dont-want" } });
    assert.equal(bad.status, 400);
    const ok = await t.json<Summary>("POST", `/api/v1/requests/${id}/refuse`, { as: "agent", body: { reason: "retention_required_by_law" } });
    assert.equal(ok.body.refusalReason, "retention_required_by_law");
    const msg = (await new RequestService(t.ctx).messages(id)).at(-1);
    assert.match(msg?.text ?? "", /PIPL Art\. 47/);
    const reasons = await t.json<{ items: { code: string; legalBasis: string }[] }>("GET", "/api/v1/requests/refusal-reasons", { as: "auditor" });
    assert.ok(reasons.body.items.every((r) => r.legalBasis.length > 0));
  });

  it("lets staff verify identity by other means only with a note, and cancel", async () => {
    const id = await submit(t);
    assert.equal((await t.json<Problem>("POST", `/api/v1/requests/${id}/verify-identity`, { as: "agent", body: {} })).status, 400);
    assert.equal(
      (await t.json<Summary>("POST", `/api/v1/requests/${id}/verify-identity`, { as: "agent", body: { note: "ID card checked" } })).body.status,
      "in_progress",
    );
    assert.equal((await t.json<Summary>("POST", `/api/v1/requests/${id}/cancel`, { as: "agent", body: {} })).body.status, "cancelled");
  });

  it("answers NOT_CONFIGURED when run without connectors, and 404 for an unknown request", async () => {
    const id = await verified(t, { type: "copy" });
    const r = await t.json<Problem>("POST", `/api/v1/requests/${id}/run`, { as: "agent", body: { dryRun: true } });
    assert.equal(r.status, 501);
    assert.equal(r.body.code, "NOT_CONFIGURED");
    assert.equal((await t.json<Problem>("GET", "/api/v1/requests/nope", { as: "agent" })).status, 404);
  });

  it("gives each role exactly its permissions on every request route", async () => {
    const id = await verified(t);
    const reads = ["/api/v1/requests", `/api/v1/requests/${id}`, `/api/v1/requests/${id}/messages`, "/api/v1/requests/refusal-reasons"];
    for (const role of ["admin", "privacy_officer", "agent", "auditor"] as const) {
      for (const p of reads) assert.equal((await t.request("GET", p, { as: role })).status, 200, `${role} ${p}`);
      const note = await t.request("POST", `/api/v1/requests/${id}/notes`, { as: role, body: { note: "x" } });
      assert.equal(note.status, role === "auditor" ? 403 : 200, `${role} note`);
    }
    for (const p of reads) assert.equal((await t.request("GET", p)).status, 401);
    assert.equal((await t.request("POST", `/api/v1/requests/${id}/complete`, { body: {} })).status, 401);
  });

  it("limits intake per address (429) and keeps contacts and codes out of the logs", async () => {
    const before = t.logs.length;
    let limited = false;
    for (let i = 0; i < 12 && !limited; i++) {
      const r = await t.request("POST", "/api/v1/requests", { body: { type: "explanation", channel: "sms", contact: "+86 138 0013 8000" } });
      limited = r.status === 429;
    }
    assert.ok(limited, "the per-address limit answered 429");
    const lines = t.logs.join("\n");
    assert.ok(!lines.includes(EMAIL) && !lines.includes("13800138000"));
    assert.ok(t.logs.length > before);
  });
});
