import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import Database from "better-sqlite3";
import { catalogService } from "../../../catalog/index.js";
import { loadDataset } from "../../../connectors/index.js";
import { connectorSubjectPort } from "../../../requests/connector-port.js";
import { RUN_JOB } from "../../../requests/request-runs.js";
import { RequestService, setSubjectDataPort } from "../../../requests/request-service.js";
import { drainJobs } from "../../../testing/drain-jobs.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Problem = { code: string };
type Submitted = { id: string; status: string; message: string };
const BODY = { type: "deletion", channel: "email", contact: "zhao.liu@example.cn" };

async function codeOf(t: TestApp, id: string): Promise<string> {
  const m = (await new RequestService(t.ctx).messages(id)).filter((x) => x.subject.includes("Verification code")).at(-1);
  const code = /: (\d{6})\n/.exec(m?.text ?? "")?.[1];
  assert.ok(code, "a code was sent");
  return code;
}

describe("intake with Idempotency-Key, staff recording, the requester's own withdrawal and runs over HTTP", () => {
  let t: TestApp;
  let dir: string;
  const clock = new FakeClock("2025-09-29T01:00:00.000Z");
  before(async () => {
    t = await createTestApp({ clock });
    dir = mkdtempSync(join(tmpdir(), "pipguard-http-run-"));
    const shop = join(dir, "shop.db");
    const db = new Database(shop);
    db.exec(`CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL);
      INSERT INTO customer VALUES (1, 'zhao.liu@example.cn', '赵六'), (2, 'qian.qi@example.cn', '钱七');`);
    db.close();
    const svc = catalogService(t.ctx);
    const sys = await svc.createSystem({ key: "shop", name: "Shop", kind: "website" });
    await svc.createStore({ key: "shop-db", systemId: sys.id, name: "Shop database", kind: "sqlite", connection: shop });
    setSubjectDataPort(t.ctx, connectorSubjectPort(t.ctx, { "shop-db": loadDataset("identity:\n  email: customer.email\ntables:\n  customer: delete\n") }));
  });
  beforeEach(() => clock.advance(61 * 60_000));
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async () =>
    Number(
      (
        await t.ctx.db.kysely
          .selectFrom("rights_requests")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const codes = async (id: string) => (await new RequestService(t.ctx).messages(id)).filter((m) => m.subject.includes("Verification code")).length;

  it("answers a retry with the same key and body with the same request and sends one code", async () => {
    const before = await count();
    const headers = { "idempotency-key": "form-7f3a" };
    const a = await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers });
    const b = await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers });
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    assert.equal(b.body.id, a.body.id);
    assert.equal(b.res.headers.get("idempotent-replayed"), "true");
    assert.equal(a.res.headers.get("idempotent-replayed"), null);
    assert.equal(await count(), before + 1);
    assert.equal(await codes(a.body.id), 1, "no second code for a retry");
    // Two retries racing each other still make one request.
    const racing = { "idempotency-key": "form-race" };
    const [x, y] = await Promise.all([
      t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers: racing }),
      t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers: racing }),
    ]);
    assert.deepEqual([x.status, y.status], [202, 202]);
    assert.equal(x.body.id, y.body.id);
    assert.equal(await count(), before + 2);
    // Without a key, the same body is a new request.
    const c = await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY });
    assert.notEqual(c.body.id, a.body.id);
  });

  it("refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED and records nothing", async () => {
    const headers = { "idempotency-key": "form-reused" };
    await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers });
    const before = await count();
    const r = await t.json<Problem>("POST", "/api/v1/requests", { body: { ...BODY, type: "access" }, headers });
    assert.equal(r.status, 422);
    assert.equal(r.body.code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(await count(), before);
  });

  it("scopes keys per caller: the same key from another API key or a staff user is a different request", async () => {
    const k = await t.ctx.auth.createApiKey({ name: "app-backend", scopes: ["requests:read"], createdBy: null });
    const headers = { "idempotency-key": "shared-key" };
    const anon = await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers });
    const app = await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers, as: { apiKey: k.secret } });
    const again = await t.json<Submitted>("POST", "/api/v1/requests", { body: BODY, headers, as: { apiKey: k.secret } });
    assert.notEqual(app.body.id, anon.body.id);
    assert.equal(again.body.id, app.body.id);
    const staff = await t.json<Submitted>("POST", "/api/v1/requests/record", { body: BODY, headers, as: "agent" });
    assert.equal(staff.status, 201);
    assert.ok(![anon.body.id, app.body.id].includes(staff.body.id));
  });

  it("lets staff record a request verified in person (no code), idempotently", async () => {
    const headers = { "idempotency-key": "letter-2025-031" };
    const body = { ...BODY, type: "access", verifiedNote: "ID card checked at the counter" };
    const a = await t.json<Submitted>("POST", "/api/v1/requests/record", { body, headers, as: "agent" });
    assert.equal(a.status, 201);
    assert.equal(a.body.status, "in_progress");
    const b = await t.json<Submitted>("POST", "/api/v1/requests/record", { body, headers, as: "agent" });
    assert.equal(b.status, 200);
    assert.equal(b.body.id, a.body.id);
    assert.equal(await codes(a.body.id), 0);
    const detail = await new RequestService(t.ctx).show(a.body.id);
    assert.deepEqual(
      detail.events.filter((e) => e.kind === "transition").map((e) => e.toStatus),
      ["received", "identity_verification", "in_progress"],
    );
    assert.equal((await t.request("POST", "/api/v1/requests/record", { body, as: "auditor" })).status, 403);
    assert.equal((await t.request("POST", "/api/v1/requests/record", { body })).status, 401);
  });

  it("lets the verified requester follow and withdraw their own request with the token from verification, and nobody else", async () => {
    const { body: s } = await t.json<Submitted>("POST", "/api/v1/requests", { body: { ...BODY, type: "access" } });
    const v = await t.json<{ requesterToken: string }>("POST", `/api/v1/requests/${s.id}/verify`, { body: { code: await codeOf(t, s.id) } });
    const token = v.body.requesterToken;
    const st = await t.json<{ status: string; dueOn: string; workingDaysLeft: number }>("GET", `/api/v1/requests/${s.id}/status`, {
      headers: { "x-requester-token": token },
    });
    assert.equal(st.status, 200);
    assert.equal(st.body.status, "in_progress");
    assert.ok(st.body.workingDaysLeft > 0);
    // No token, a wrong token, or another request's token: the same 404.
    const other = (await t.json<Submitted>("POST", "/api/v1/requests", { body: { ...BODY, type: "copy" } })).body.id;
    for (const [id, headers] of [
      [s.id, {}],
      [s.id, { "x-requester-token": `${token}x` }],
      [other, { "x-requester-token": token }],
    ] as const) {
      const r = await t.json<Problem>("POST", `/api/v1/requests/${id}/withdraw`, { body: {}, headers });
      assert.equal(r.status, 404);
      assert.equal(r.body.code, "NOT_FOUND");
    }
    const w = await t.json<{ status: string }>("POST", `/api/v1/requests/${s.id}/withdraw`, {
      body: { reason: "solved another way" },
      headers: { "x-requester-token": token },
    });
    assert.equal(w.status, 200);
    assert.equal(w.body.status, "cancelled");
    const detail = await new RequestService(t.ctx).show(s.id);
    assert.equal(detail.events.at(-1)?.actorKind, "requester");
    assert.ok((await new RequestService(t.ctx).messages(s.id)).some((m) => m.subject === "申请已撤销 Request cancelled"));
    const again = await t.json<Problem>("POST", `/api/v1/requests/${s.id}/withdraw`, { body: {}, headers: { "x-requester-token": token } });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, "REQUEST_TRANSITION_NOT_ALLOWED");
  });

  it("answers a dry run at once and queues a real run (202) whose progress shows in the detail and the run route", async () => {
    const { body: s } = await t.json<Submitted>("POST", "/api/v1/requests/record", {
      body: { ...BODY, verifiedNote: "checked in person" },
      as: "agent",
    });
    const plan = await t.json<{ dryRun: boolean; stores: { tables: { rows: number }[] }[] }>("POST", `/api/v1/requests/${s.id}/run`, {
      as: "agent",
      body: { dryRun: true },
    });
    assert.equal(plan.status, 200);
    assert.equal(plan.body.stores[0]?.tables[0]?.rows, 1);
    const q = await t.json<{ id: string; status: string; stores: { done: boolean }[] }>("POST", `/api/v1/requests/${s.id}/run`, { as: "agent", body: {} });
    assert.equal(q.status, 202);
    assert.equal(q.body.status, "queued");
    assert.equal(q.body.stores[0]?.done, false);
    await drainJobs(t.ctx, [RUN_JOB]);
    const r = await t.json<{ status: string; stores: { done: boolean; tables: { rows: number }[] }[] }>("GET", `/api/v1/requests/${s.id}/runs/${q.body.id}`, {
      as: "auditor",
    });
    assert.equal(r.body.status, "succeeded");
    assert.equal(r.body.stores[0]?.tables[0]?.rows, 1);
    const d = await t.json<{ status: string; runs: { id: string }[] }>("GET", `/api/v1/requests/${s.id}`, { as: "agent" });
    assert.equal(d.body.status, "completed");
    assert.deepEqual(
      d.body.runs.map((x) => x.id),
      [q.body.id],
    );
    assert.equal((await t.request("GET", `/api/v1/requests/${s.id}/runs/nope`, { as: "agent" })).status, 404);
    const counts = await t.json<{ byStatus: Record<string, number>; dueThisWeek: number; overdue: number }>("GET", "/api/v1/requests/counts", {
      as: "auditor",
    });
    assert.equal(counts.status, 200);
    assert.ok((counts.body.byStatus.completed ?? 0) >= 1);
  });
});
