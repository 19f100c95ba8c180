// PostgreSQL declarative partitioning (PARTITION BY RANGE): the connector folds partitions into their
// root and finds a subject's rows in every partition. Always the real PostgreSQL.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { TEST_PG_URL } from "../testing/test-db.js";
import { loadDataset } from "./dataset-file.js";
import { openConnector } from "./open.js";
import { eraseSubject, findSubject } from "./subject.js";
import type { Connector } from "./types.js";

const schema = `parts_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: TEST_PG_URL });
let conn: Connector;
const hash = (v: string, place: string) => createHmac("sha256", "k").update(place).update(v).digest("base64url");
const dataset = loadDataset(`
identity:
  email: member.email
tables:
  member:
    action: anonymise
    columns: { email: hash, name: null }
  invoice:
    action: retain
    legalBasis: "PIPL Art. 47(2); Accounting Law Art. 23"
  login: delete
`);

before(async () => {
  await admin.connect();
  await admin.query(`create schema ${schema}; set search_path = ${schema};
    create table member (id int primary key, email text not null, name text);
    create table invoice (id int, member_id int not null references member(id), issued date not null, amount numeric(8,2), primary key (id, issued)) partition by range (issued);
    create table invoice_2024 partition of invoice for values from ('2024-01-01') to ('2025-01-01');
    create table invoice_2025 partition of invoice for values from ('2025-01-01') to ('2026-01-01');
    create table login (id int primary key, member_id int not null references member(id), at text);
    insert into member values (1, 'Zhang.San@example.cn', 'Zhang San'), (2, 'li.si@example.cn', 'Li Si');
    insert into invoice values (1, 1, '2024-03-01', 10), (2, 1, '2025-02-01', 20), (3, 2, '2025-02-02', 30), (4, 1, '2025-06-01', 40);
    insert into login values (1, 1, 'a'), (2, 2, 'b'), (3, 1, 'c');`);
  const url = new URL(TEST_PG_URL);
  url.searchParams.set("schema", schema);
  conn = openConnector("postgres", url.toString());
});
after(async () => {
  await conn?.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

test("partitions of a PARTITION BY table fold into the root and its foreign keys", async () => {
  const model = await conn.introspect();
  assert.deepEqual(
    model.tables.map((t) => t.name),
    ["invoice", "login", "member"],
  );
  assert.deepEqual(model.tables.find((t) => t.name === "invoice")?.partitions, ["invoice_2024", "invoice_2025"]);
  assert.equal(model.foreignKeys.filter((f) => f.table === "invoice").length, 1);
});

test("find returns the subject's rows from every partition, counted per partition", async () => {
  const r = await findSubject(conn, dataset, { kind: "email", value: "zhang.san@example.cn" });
  const invoice = r.tables.find((t) => t.table === "invoice");
  assert.deepEqual(invoice?.rows.map((x) => x.id).sort(), [1, 2, 4]);
  assert.deepEqual(invoice?.partitions, { invoice_2024: 1, invoice_2025: 2 });
  assert.deepEqual(
    r.tables
      .find((t) => t.table === "login")
      ?.rows.map((x) => x.id)
      .sort(),
    [1, 3],
  );
});

test("erasure keeps partitioned invoices (restricted), deletes logins and leaves the other member alone", async () => {
  const r = await eraseSubject(conn, dataset, { kind: "email", value: "zhang.san@example.cn" }, { hash, storeKey: "parts" });
  assert.equal(r.restricted.find((x) => x.table === "invoice")?.keys.length, 3);
  const rows = (await admin.query(`select id, email, name from ${schema}.member order by id`)).rows;
  assert.ok(String(rows[0].email).startsWith("anon_") && rows[0].name === null);
  assert.deepEqual(rows[1], { id: 2, email: "li.si@example.cn", name: "Li Si" });
  assert.equal((await admin.query(`select count(*)::int as n from ${schema}.invoice`)).rows[0].n, 4);
  assert.deepEqual((await admin.query(`select id from ${schema}.login order by id`)).rows, [{ id: 2 }]);
});
