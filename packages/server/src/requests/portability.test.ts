import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { PortabilityDocument } from "@pipguard/core";
import { FakeClock } from "@pipguard/core/testing";
import Database from "better-sqlite3";
import { strFromU8, unzipSync } from "fflate";
import { catalogService } from "../catalog/index.js";
import { loadDataset } from "../connectors/index.js";
import { drainJobs } from "../testing/drain-jobs.js";
import { validateJsonSchema } from "../testing/json-schema.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { connectorSubjectPort } from "./connector-port.js";
import { submitRequest } from "./intake.js";
import { RUN_JOB } from "./request-runs.js";
import { RequestService, setSubjectDataPort } from "./request-service.js";

const SCHEMA = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "docs", "portability.schema.json"), "utf8"),
) as Record<string, unknown>;
const STAFF = { kind: "staff", id: null } as const;

describe("the portability document (docs/portability.md)", () => {
  let t: TestApp;
  let dir: string;
  const clock = new FakeClock("2025-09-29T02:00:00.000Z");
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "pipguard-port-"));
    const shop = join(dir, "shop.db");
    const db = new Database(shop);
    db.exec(`
      CREATE TABLE member (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, id_card TEXT, joined TEXT, points INTEGER, avatar BLOB);
      CREATE TABLE orders (id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES member(id), item TEXT NOT NULL, total REAL);
      INSERT INTO member VALUES (1, 'sun.ba@example.cn', '孙八', '110101199003078515', '2024-05-01', 120, x'cafe'), (2, 'zhou.jiu@example.cn', '周九', NULL, '2024-06-01', 5, NULL);
      INSERT INTO orders VALUES (10, 1, '茶叶', 88.5), (11, 2, 'rice', 12);
    `);
    db.close();
    t = await createTestApp({ clock, users: false });
    const svc = catalogService(t.ctx);
    await svc.setOrganisation({ nameZh: "示例商城有限公司", nameEn: "Demo Shop Ltd", contact: "privacy@shop.example.cn" });
    const sys = await svc.createSystem({ key: "shop", name: "Shop", kind: "website" });
    const store = await svc.createStore({ key: "shop-db", systemId: sys.id, name: "Shop database", kind: "sqlite", connection: shop });
    const email = await svc.createField({ storeId: store.id, table: "member", column: "email", category: "basic", description: "login e-mail" });
    const idCard = await svc.createField({ storeId: store.id, table: "member", column: "id_card", category: "identity", sensitive: true });
    await svc.createPurpose({
      code: "account",
      nameZh: "账号管理",
      nameEn: "Account management",
      legalBasis: "contract_or_hr",
      necessity: "necessary",
      fieldIds: [email.id, idCard.id],
    });
    setSubjectDataPort(
      t.ctx,
      connectorSubjectPort(t.ctx, { "shop-db": loadDataset("identity:\n  email: member.email\ntables:\n  member: delete\n  orders: delete\n") }),
    );
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function exportOf(contact: string): Promise<PortabilityDocument> {
    const svc = new RequestService(t.ctx);
    const { id } = await submitRequest(t.ctx, { type: "portability", channel: "email", contact, ip: "192.0.2.7" });
    await svc.verifyIdentity(id, "checked", STAFF);
    await svc.startRun(id, STAFF);
    await drainJobs(t.ctx, [RUN_JOB]);
    const link = /Download: (\S+)/.exec((await svc.messages(id)).at(-1)?.text ?? "")?.[1] ?? "";
    const res = await t.request("GET", link);
    assert.equal(res.status, 200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    return JSON.parse(strFromU8(files["portability.json"] as Uint8Array)) as PortabilityDocument;
  }

  it("produces a document the published JSON Schema accepts, with the controller and the catalog's meaning of each column", async () => {
    const doc = await exportOf("Sun.Ba@example.cn");
    assert.deepEqual(validateJsonSchema(SCHEMA, doc), []);
    assert.equal(doc.format, "pipguard-portability/1");
    assert.equal(doc.requestType, "portability");
    assert.deepEqual(doc.controller, { nameZh: "示例商城有限公司", nameEn: "Demo Shop Ltd", contact: "privacy@shop.example.cn" });
    assert.match(doc.subject.pseudonymousId, /^psid_/);
    assert.ok(!JSON.stringify(doc.subject).includes("sun.ba"), "the pseudonymous id is not the contact");
    const member = doc.stores[0]?.tables.find((x) => x.table === "member");
    assert.deepEqual(
      member?.records.map((r) => [r.name, r.points, r.avatar, r.joined]),
      [["孙八", 120, "base64:yv4=", "2024-05-01"]],
    );
    assert.equal(member?.fields.id_card?.sensitive, true);
    assert.equal(member?.fields.id_card?.categoryZh, "个人身份信息");
    assert.deepEqual(member?.fields.email?.purposes, ["account"]);
    assert.equal(member?.fields.email?.description, "login e-mail");
    assert.equal(member?.fields.name, undefined, "an uncatalogued column has no stated meaning");
    assert.deepEqual(doc.purposes, [{ code: "account", nameZh: "账号管理", nameEn: "Account management", legalBasis: "contract_or_hr" }]);
    assert.deepEqual(
      doc.stores[0]?.tables.find((x) => x.table === "orders")?.records.map((r) => r.item),
      ["茶叶"],
    );
    assert.ok(!JSON.stringify(doc).includes("周九"), "nobody else's data");
    // The same person exported again gets the same pseudonymous id; another person another one.
    clock.advance(61 * 60_000);
    assert.equal((await exportOf("sun.ba@example.cn")).subject.pseudonymousId, doc.subject.pseudonymousId);
    assert.notEqual((await exportOf("zhou.jiu@example.cn")).subject.pseudonymousId, doc.subject.pseudonymousId);
  });

  it("has a schema check that rejects what the format does not allow", async () => {
    const doc = JSON.parse(JSON.stringify(await exportOf("zhou.jiu@example.cn"))) as Record<string, unknown>;
    assert.deepEqual(validateJsonSchema(SCHEMA, doc), []);
    const broken = { ...doc, format: "pipguard-portability/2", extra: 1, subject: { pseudonymousId: "zhou.jiu@example.cn" } };
    delete (broken as Record<string, unknown>).controller;
    const errors = validateJsonSchema(SCHEMA, broken);
    assert.ok(errors.some((e) => e.includes("$.format")));
    assert.ok(errors.some((e) => e.includes("unexpected property extra")));
    assert.ok(errors.some((e) => e.includes("missing controller")));
    assert.ok(errors.some((e) => e.includes("$.subject.pseudonymousId")));
  });
});
