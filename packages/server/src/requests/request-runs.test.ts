import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import Database from "better-sqlite3";
import { catalogService } from "../catalog/index.js";
import { loadDataset } from "../connectors/index.js";
import { drainJobs } from "../testing/drain-jobs.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { connectorSubjectPort } from "./connector-port.js";
import { submitRequest } from "./intake.js";
import { RUN_JOB } from "./request-runs.js";
import { RequestService, setSubjectDataPort } from "./request-service.js";

const STAFF = { kind: "staff", id: null } as const;
const drainRuns = (t: TestApp) => drainJobs(t.ctx, [RUN_JOB]);

describe("a run across two stores as a job", () => {
  let t: TestApp;
  let dir: string;
  let shop: string;
  let files: string;
  const clock = new FakeClock("2025-09-29T02:00:00.000Z");
  const shopRows = () => {
    const db = new Database(shop, { readonly: true });
    try {
      return {
        customers: db.prepare("SELECT id, email FROM customer ORDER BY id").all(),
        orders: db.prepare("SELECT id FROM orders ORDER BY id").all(),
      };
    } finally {
      db.close();
    }
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "pipguard-runs-"));
    shop = join(dir, "shop.db");
    files = join(dir, "crm");
    const db = new Database(shop);
    db.exec(`
      CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL);
      CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(id), item TEXT NOT NULL);
      INSERT INTO customer VALUES (1, 'wang.fang@example.cn', '王芳'), (2, 'li.lei@example.cn', '李雷');
      INSERT INTO orders VALUES (10, 1, 'tea'), (11, 1, 'cups'), (12, 2, 'rice');
      -- The store refuses deletes of orders (a constraint): the erasure must roll back untouched.
      CREATE TRIGGER orders_locked BEFORE DELETE ON orders BEGIN SELECT RAISE(ABORT, 'orders are locked'); END;
    `);
    db.close();
    mkdirSync(files);
    writeFileSync(
      join(files, "members.jsonl"),
      '{"id":"m1","email":"wang.fang@example.cn","nick":"芳"}\n{"id":"m2","email":"li.lei@example.cn","nick":"雷"}\n',
    );
    t = await createTestApp({ clock, users: false });
    const svc = catalogService(t.ctx);
    const sys = await svc.createSystem({ key: "shop", name: "Shop", kind: "website" });
    await svc.createStore({ key: "a-crm", systemId: sys.id, name: "CRM export files", kind: "file", connection: files });
    await svc.createStore({ key: "b-shop", systemId: sys.id, name: "Shop database", kind: "sqlite", connection: shop });
    setSubjectDataPort(
      t.ctx,
      connectorSubjectPort(t.ctx, {
        "a-crm": loadDataset("identity:\n  email: members.email\ntables:\n  members: delete\n"),
        "b-shop": loadDataset("identity:\n  email: customer.email\ntables:\n  customer: delete\n  orders: delete\n"),
      }),
    );
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves a failing store untouched, retries with backoff, and does not redo the store already done", async () => {
    const { id } = await submitRequest(t.ctx, { type: "deletion", channel: "email", contact: "wang.fang@example.cn", ip: "192.0.2.9" });
    const svc = new RequestService(t.ctx);
    await svc.verifyIdentity(id, "checked by phone", STAFF);
    const before = shopRows();
    const run = await svc.startRun(id, STAFF);
    assert.deepEqual(
      run.stores.map((s) => [s.storeKey, s.done]),
      [
        ["a-crm", false],
        ["b-shop", false],
      ],
    );
    // Starting again while the run is unfinished answers the same run (no second job).
    assert.equal((await svc.startRun(id, STAFF)).id, run.id);

    await drainRuns(t);
    let r = (await svc.show(id)).runs[0];
    assert.equal(r?.status, "retrying");
    assert.equal(r?.attempts, 1);
    assert.match(r?.lastError ?? "", /CONFLICT|rolled back/);
    assert.ok(r?.nextAttemptAt && r.nextAttemptAt > clock.now().toISOString(), "the retry waits for its backoff");
    assert.deepEqual(
      r?.stores.map((s) => [s.storeKey, s.done, s.attempt]),
      [
        ["a-crm", true, 1],
        ["b-shop", false, null],
      ],
    );
    assert.deepEqual(shopRows(), before, "the failing store is untouched");
    assert.doesNotMatch(readFileSync(join(files, "members.jsonl"), "utf8"), /wang\.fang/, "the first store was erased");
    assert.equal((await svc.show(id)).status, "in_progress");

    // The operator fixes the store; after the backoff the job runs again and finishes only the rest.
    const db = new Database(shop);
    db.exec("DROP TRIGGER orders_locked");
    db.close();
    await drainRuns(t);
    assert.equal((await svc.show(id)).runs[0]?.status, "retrying", "not before the backoff has passed");
    clock.advance(60 * 60_000);
    await drainRuns(t);
    const detail = await svc.show(id);
    r = detail.runs[0];
    assert.equal(r?.status, "succeeded");
    assert.equal(detail.status, "completed");
    assert.deepEqual(
      r?.stores.map((s) => [s.storeKey, s.attempt, s.tables.map((x) => `${x.table}:${x.action}:${x.rows}`).join(",")]),
      [
        ["a-crm", 1, "members:delete:1"],
        ["b-shop", 2, "customer:delete:1,orders:delete:2"],
      ],
    );
    assert.deepEqual(shopRows(), { customers: [{ id: 2, email: "li.lei@example.cn" }], orders: [{ id: 12 }] });
    assert.match(readFileSync(join(files, "members.jsonl"), "utf8"), /li\.lei/, "other members stay");
    const completed = (await svc.messages(id)).filter((m) => m.subject === "申请已办结 Request completed");
    assert.equal(completed.length, 1, "the requester is told once");
    // A completed request cannot be run again.
    await assert.rejects(svc.startRun(id, STAFF), (e: { code?: string }) => e.code === "REQUEST_TRANSITION_NOT_ALLOWED");
  });

  it("stops a run whose request was cancelled meanwhile, without touching the stores left", async () => {
    const { id } = await submitRequest(t.ctx, { type: "deletion", channel: "email", contact: "li.lei@example.cn", ip: "192.0.2.9" });
    const svc = new RequestService(t.ctx);
    await svc.verifyIdentity(id, "checked by phone", STAFF);
    await svc.startRun(id, STAFF);
    await svc.cancel(id, STAFF, "the requester withdrew it");
    await drainRuns(t);
    const r = (await svc.show(id)).runs[0];
    assert.equal(r?.status, "failed");
    assert.match(r?.lastError ?? "", /cancelled/);
    assert.deepEqual(shopRows().customers, [{ id: 2, email: "li.lei@example.cn" }]);
  });

  it("refuses a request type fulfilled by hand and a store without a dataset", async () => {
    const svc = new RequestService(t.ctx);
    const explanation = (await submitRequest(t.ctx, { type: "explanation", channel: "email", contact: "li.lei@example.cn", ip: "192.0.2.9" })).id;
    await svc.verifyIdentity(explanation, "checked", STAFF);
    await assert.rejects(svc.startRun(explanation, STAFF), (e: { code?: string }) => e.code === "NOT_CONFIGURED");
    const access = (await submitRequest(t.ctx, { type: "access", channel: "email", contact: "li.lei@example.cn", ip: "192.0.2.9" })).id;
    await svc.verifyIdentity(access, "checked", STAFF);
    await assert.rejects(svc.startRun(access, STAFF, { stores: ["nope"] }), (e: { code?: string }) => e.code === "NOT_CONFIGURED");
    assert.deepEqual((await svc.show(access)).runs, [], "nothing was queued");
  });
});
