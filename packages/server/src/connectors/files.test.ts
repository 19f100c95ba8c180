import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { loadDataset } from "./dataset-file.js";
import { openConnector } from "./index.js";
import { eraseSubject, findSubject } from "./subject.js";
import type { Connector } from "./types.js";

const hash = (v: string, place: string) => createHmac("sha256", "k").update(place).update(v).digest("base64url");
const dataset = loadDataset(`
identity:
  email: members.email
relations:
  - { from: orders.member_id, to: members.id }
tables:
  members:
    action: anonymise
    columns:
      name: { fixed: "" }
      email: hash
      phone: { mask: { keepEnd: 2 } }
  orders: delete
`);

let dir: string;
let conn: Connector;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pipguard-files-"));
  writeFileSync(join(dir, "members.csv"), 'id,name,email,phone\n1,"Li, Lei",li@example.cn,13800138000\n2,Wang Fang,wang@example.cn,13900139000\n');
  writeFileSync(
    join(dir, "orders.jsonl"),
    ['{"id":10,"member_id":"1","item":"tea"}', '{"id":11,"member_id":"2","item":"rice"}', '{"id":12,"member_id":"1","item":"ink"}', ""].join("\n"),
  );
  conn = openConnector("file", dir);
});
afterEach(async () => {
  await conn.close();
  rmSync(dir, { recursive: true, force: true });
});

test("CSV and JSONL files: find follows the dataset's relations and returns only the subject's rows", async () => {
  const r = await findSubject(conn, dataset, { kind: "email", value: "LI@example.cn" });
  const by = Object.fromEntries(r.tables.map((t) => [t.table, t.rows]));
  assert.deepEqual(
    by.members?.map((m) => m.name),
    ["Li, Lei"],
  );
  assert.deepEqual(
    by.orders?.map((o) => o.id),
    [10, 12],
  );
});

test("CSV and JSONL files: erasure rewrites both files, leaves other rows and no temp files, and is idempotent", async () => {
  const r = await eraseSubject(conn, dataset, { kind: "email", value: "li@example.cn" }, { hash, storeKey: "files" });
  assert.deepEqual(r.changed, [
    { table: "members", updated: 1, deleted: 0 },
    { table: "orders", updated: 0, deleted: 2 },
  ]);
  const csv = readFileSync(join(dir, "members.csv"), "utf8");
  assert.ok(!csv.includes("Li, Lei") && !csv.includes("li@example.cn") && csv.includes("*********00"));
  assert.ok(csv.includes("2,Wang Fang,wang@example.cn,13900139000"));
  assert.equal(readFileSync(join(dir, "orders.jsonl"), "utf8"), '{"id":11,"member_id":"2","item":"rice"}\n');
  assert.deepEqual(readdirSync(dir).sort(), ["members.csv", "orders.jsonl"]);
  const before = readFileSync(join(dir, "members.csv"), "utf8");
  const again = await eraseSubject(conn, dataset, { kind: "email", value: "li@example.cn" }, { hash, storeKey: "files" });
  assert.deepEqual(again.changed, []);
  assert.equal(readFileSync(join(dir, "members.csv"), "utf8"), before);
});

test("CSV and JSONL files: a failure before commit leaves every file as it was", async () => {
  const before = [readFileSync(join(dir, "members.csv"), "utf8"), readFileSync(join(dir, "orders.jsonl"), "utf8")];
  const broken: Connector = Object.assign(Object.create(conn) as Connector, {
    transaction: <T>(fn: Parameters<Connector["transaction"]>[0]) =>
      conn.transaction(async (tx) => {
        await fn(tx);
        throw new Error("injected failure");
      }) as Promise<T>,
  });
  await assert.rejects(eraseSubject(broken, dataset, { kind: "email", value: "li@example.cn" }, { hash, storeKey: "files" }), /rolled back/);
  assert.deepEqual([readFileSync(join(dir, "members.csv"), "utf8"), readFileSync(join(dir, "orders.jsonl"), "utf8")], before);
});

test("a parent row is taken only when no one else references it: a shared address stays out", async () => {
  writeFileSync(join(dir, "members.csv"), "id,name,email,address_id\n1,A,a@x.cn,100\n2,B,b@x.cn,200\n3,C,c@x.cn,200\n");
  writeFileSync(join(dir, "addresses.csv"), "id,line\n100,1 Own Road\n200,2 Shared Road\n");
  const ds = loadDataset(`
identity: { email: members.email }
relations:
  - { from: members.address_id, to: addresses.id }
tables:
  members: delete
  addresses: delete
  orders: reference
`);
  const own = await findSubject(conn, ds, { kind: "email", value: "a@x.cn" });
  assert.deepEqual(
    own.tables.find((t) => t.table === "addresses")?.rows.map((r) => r.id),
    ["100"],
  );
  const shared = await findSubject(conn, ds, { kind: "email", value: "b@x.cn" });
  assert.equal(
    shared.tables.find((t) => t.table === "addresses"),
    undefined,
  );
});
