import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import Database from "better-sqlite3";
import { strFromU8, unzipSync } from "fflate";
import { catalogService } from "../catalog/index.js";
import { loadDataset } from "../connectors/index.js";
import { drainJobs } from "../testing/drain-jobs.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { connectorSubjectPort } from "./connector-port.js";
import { submitRequest } from "./intake.js";
import { RUN_JOB } from "./request-runs.js";
import { RequestService, setSubjectDataPort } from "./request-service.js";

const STAFF = { kind: "staff", id: null } as const;
const DATASET = `
identity:
  email: customer.email
tables:
  customer: delete
  orders: delete
`;

const drainRuns = (t: TestApp) => drainJobs(t.ctx, [RUN_JOB]);

describe("fulfilling requests through the connectors", () => {
  let t: TestApp;
  let dir: string;
  let shop: string;
  const clock = new FakeClock("2025-09-28T02:00:00.000Z");
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "pipguard-shop-"));
    shop = join(dir, "shop.db");
    const db = new Database(shop);
    db.exec(`
      CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL);
      CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(id), item TEXT NOT NULL, note TEXT);
      INSERT INTO customer VALUES (1, 'Chen.Qi@example.cn', '陈七'), (2, 'other@example.cn', '周八'), (3, 'zheng.jiu@example.cn', '郑九');
      INSERT INTO orders VALUES (10, 1, 'tea', 'gift, "wrapped"'), (11, 1, 'cups', NULL), (12, 2, 'rice', NULL);
    `);
    db.close();
    t = await createTestApp({ clock, users: false });
    const svc = catalogService(t.ctx);
    const sys = await svc.createSystem({ key: "shop", name: "Shop", kind: "website" });
    const store = await svc.createStore({ key: "shop-db", systemId: sys.id, name: "Shop database", kind: "sqlite", connection: shop });
    const field = await svc.createField({ storeId: store.id, table: "customer", column: "email", category: "basic" });
    const purpose = await svc.createPurpose({
      code: "delivery",
      nameZh: "订单配送",
      nameEn: "Order delivery",
      legalBasis: "contract_or_hr",
      necessity: "necessary",
      fieldIds: [field.id],
    });
    await svc.createRecipient({ key: "courier", name: "Swift Courier Ltd", kind: "entrusted_processor", purposeIds: [purpose.id], piCategories: ["basic"] });
    await svc.createRetentionRule({
      key: "orders-3y",
      purposeId: purpose.id,
      period: "P3Y",
      trigger: "transaction_completed",
      action: "delete",
      legalReference: "《电子商务法》第三十一条",
    });
    setSubjectDataPort(t.ctx, connectorSubjectPort(t.ctx, { "shop-db": loadDataset(DATASET) }));
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function verifiedRequest(type: "access" | "deletion" | "portability" | "correction", contact = "chen.qi@example.cn"): Promise<string> {
    const { id } = await submitRequest(t.ctx, { type, channel: "email", contact, ip: "192.0.2.3" });
    await new RequestService(t.ctx).verifyIdentity(id, "checked", STAFF);
    return id;
  }

  it("answers an access request with a ZIP of her rows only, downloadable once through the link in the notice", async () => {
    const id = await verifiedRequest("access");
    const svc = new RequestService(t.ctx);
    const queued = await svc.startRun(id, STAFF);
    assert.equal(queued.status, "queued");
    await drainRuns(t);
    const r = (await svc.show(id)).runs[0];
    assert.equal(r?.status, "succeeded");
    assert.deepEqual(r?.stores[0]?.tables.map((x) => [x.table, x.rows]).sort(), [
      ["customer", 1],
      ["orders", 2],
    ]);
    assert.equal((await svc.show(id)).status, "completed");
    const notice = (await svc.messages(id)).at(-1);
    const link = /Download: (\S+)/.exec(notice?.text ?? "")?.[1] ?? "";
    assert.match(link, /\/api\/v1\/requests\/.+\/export\/.+/);
    const res = await t.request("GET", link);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    assert.deepEqual(Object.keys(files).sort(), [
      "data/shop-db/customer.csv",
      "data/shop-db/customer.json",
      "data/shop-db/orders.csv",
      "data/shop-db/orders.json",
      "portability.json",
      "summary.html",
    ]);
    const orders = JSON.parse(strFromU8(files["data/shop-db/orders.json"] as Uint8Array)) as { item: string }[];
    assert.deepEqual(orders.map((o) => o.item).sort(), ["cups", "tea"]);
    const csv = strFromU8(files["data/shop-db/orders.csv"] as Uint8Array);
    assert.match(csv, /"gift, ""wrapped"""/);
    const portable = JSON.parse(strFromU8(files["portability.json"] as Uint8Array)) as { format: string };
    assert.equal(portable.format, "pipguard-portability/1");
    const html = strFromU8(files["summary.html"] as Uint8Array);
    assert.match(html, /订单配送 \/ Order delivery/);
    assert.match(html, /Swift Courier Ltd/);
    assert.match(html, /P3Y/);
    assert.ok(!/周八|郑九/.test(JSON.stringify(Object.values(files).map((f) => strFromU8(f)))), "no other customer's data");
    // Stored encrypted: the package row holds no readable name.
    const stored = await t.ctx.db.kysely.selectFrom("request_exports").select("package_ciphertext").executeTakeFirstOrThrow();
    assert.match(stored.package_ciphertext, /^pg1:/);
  });

  it("refuses a wrong token and an expired link with the same 404", async () => {
    const id = await verifiedRequest("portability");
    const svc = new RequestService(t.ctx);
    await svc.startRun(id, STAFF);
    await drainRuns(t);
    const link = /Download: (\S+)/.exec((await svc.messages(id)).at(-1)?.text ?? "")?.[1] ?? "";
    assert.equal((await t.request("GET", `${link}x`)).status, 404);
    clock.advance(7 * 86_400_000 + 1);
    try {
      assert.equal((await t.request("GET", link)).status, 404);
    } finally {
      clock.advance(-(7 * 86_400_000 + 1));
    }
  });

  it("shows a deletion's plan on a dry run, then erases her rows and nobody else's", async () => {
    const id = await verifiedRequest("deletion");
    const svc = new RequestService(t.ctx);
    const plan = await svc.plan(id);
    assert.equal(plan.dryRun, true);
    assert.equal((await svc.show(id)).status, "in_progress");
    const check = new Database(shop, { readonly: true });
    try {
      assert.equal((check.prepare("SELECT count(*) AS n FROM orders").get() as { n: number }).n, 3);
    } finally {
      check.close();
    }
    await svc.startRun(id, STAFF);
    await drainRuns(t);
    const after = new Database(shop, { readonly: true });
    try {
      assert.deepEqual(after.prepare("SELECT email FROM customer ORDER BY id").all(), [{ email: "other@example.cn" }, { email: "zheng.jiu@example.cn" }]);
      assert.deepEqual(after.prepare("SELECT id FROM orders").all(), [{ id: 12 }]);
    } finally {
      after.close();
    }
    const detail = await svc.show(id);
    assert.equal(detail.status, "completed");
    assert.ok(detail.events.some((e) => e.kind === "fulfilment" && (e.note ?? "").includes('"orders"')));
    assert.ok(!detail.events.some((e) => (e.note ?? "").includes("chen.qi")), "the audit trail records counts, not data");
  });

  it("applies a correction to her row only and keeps before and after, encrypted, in the audit trail", async () => {
    const id = await verifiedRequest("correction", "zheng.jiu@example.cn");
    const svc = new RequestService(t.ctx);
    const out = await svc.correct(id, { store: "shop-db", table: "customer", column: "name", value: "郑久" }, STAFF);
    assert.deepEqual(out, { storeKey: "shop-db", table: "customer", column: "name", rows: 1, before: ["郑九"], after: "郑久" });
    const db = new Database(shop, { readonly: true });
    try {
      // Chen Qi was erased by the deletion test above; Zhou Ba is untouched.
      assert.deepEqual(db.prepare("SELECT name FROM customer ORDER BY id").all(), [{ name: "周八" }, { name: "郑久" }]);
    } finally {
      db.close();
    }
    const event = (await svc.show(id)).events.find((e) => e.kind === "correction");
    assert.match(event?.note ?? "", /"before":\["郑九"\]/);
    const raw = await t.ctx.db.kysely.selectFrom("request_events").select("note_ciphertext").where("kind", "=", "correction").executeTakeFirstOrThrow();
    assert.ok(raw.note_ciphertext?.startsWith("pg1:") && !raw.note_ciphertext.includes("郑九"));
    await assert.rejects(
      svc.correct(id, { store: "shop-db", table: "customer", column: "nope", value: 1 }, STAFF),
      (e: { code?: string }) => e.code === "VALIDATION_FAILED",
    );
    const access = await verifiedRequest("access", "zheng.jiu@example.cn");
    await assert.rejects(
      svc.correct(access, { store: "shop-db", table: "customer", column: "name", value: "x" }, STAFF),
      (e: { code?: string }) => e.code === "REQUEST_TRANSITION_NOT_ALLOWED",
    );
  });
});
