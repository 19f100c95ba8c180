// Keyset-paged view reads (`scan`) on the real engines: structured filter, composite key paging,
// identifiers quoted so a hostile column name cannot become SQL.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { TEST_PG_URL } from "../testing/test-db.js";
import { openConnector } from "./open.js";
import type { Connector } from "./types.js";

const MYSQL_ADMIN = process.env.TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/mysql";
const ROWS = Array.from({ length: 25 }, (_, i) => [1 + (i % 5), 1 + Math.floor(i / 5), i % 3 === 0 ? "closed" : "active", `p${i}`] as const);
const DDL = "create table svc_lines (acct int not null, n int not null, status varchar(10) not null, plan varchar(10), primary key (acct, n))";

async function pageAll(conn: Connector): Promise<string[]> {
  const out: string[] = [];
  let after: (string | number | boolean | null)[] | null = null;
  for (;;) {
    const rows = await (conn.scan as NonNullable<Connector["scan"]>)("svc_lines", {
      columns: ["plan"],
      where: [
        { column: "status", op: "eq", value: "active" },
        { column: "acct", op: "in", values: [1, 2, 3, 4] },
      ],
      keyColumns: ["acct", "n"],
      after,
      limit: 4,
    });
    if (rows.length === 0) return out;
    out.push(...rows.map((r) => String(r.plan)));
    const last = rows[rows.length - 1] as Record<string, string | number | boolean | null>;
    after = [last.acct ?? null, last.n ?? null];
  }
}

const expected = ROWS.filter((r) => r[2] === "active" && r[0] <= 4)
  .sort((a, b) => a[0] - b[0] || a[1] - b[1])
  .map((r) => r[3]);

describe("connector scan", () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  it("pages SQLite by a composite key with a structured filter", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "scan-")), "s.db");
    const db = new Database(file);
    db.exec(DDL);
    for (const r of ROWS) db.prepare("insert into svc_lines values (?, ?, ?, ?)").run(...r);
    db.close();
    const conn = openConnector("sqlite", file);
    cleanups.push(() => conn.close());
    assert.deepEqual(await pageAll(conn), expected);
  });

  it("pages PostgreSQL the same way", async () => {
    const schema = `scan_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    });
    await admin.query(`create schema ${schema}; set search_path = ${schema}; ${DDL}`);
    for (const r of ROWS) await admin.query("insert into svc_lines values ($1, $2, $3, $4)", [...r]);
    const u = new URL(TEST_PG_URL);
    u.searchParams.set("schema", schema);
    const conn = openConnector("postgres", u.toString());
    cleanups.unshift(() => conn.close());
    assert.deepEqual(await pageAll(conn), expected);
  });

  it("pages MySQL/MariaDB the same way", async () => {
    const dbName = `scan_${randomBytes(4).toString("hex")}`;
    const admin = await mysql.createConnection(MYSQL_ADMIN);
    cleanups.push(async () => {
      await admin.query(`drop database if exists ${dbName}`);
      await admin.end();
    });
    await admin.query(`create database ${dbName}`);
    await admin.query(`use ${dbName}`);
    await admin.query(DDL);
    for (const r of ROWS) await admin.query("insert into svc_lines values (?, ?, ?, ?)", [...r]);
    const u = new URL(MYSQL_ADMIN);
    u.pathname = `/${dbName}`;
    const conn = openConnector("mysql", u.toString());
    cleanups.unshift(() => conn.close());
    assert.deepEqual(await pageAll(conn), expected);
  });

  it("quotes identifiers: a hostile column name is an unknown column, not SQL", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "scan-")), "s.db");
    const db = new Database(file);
    db.exec(DDL);
    db.close();
    const conn = openConnector("sqlite", file);
    cleanups.push(() => conn.close());
    await assert.rejects(
      (conn.scan as NonNullable<Connector["scan"]>)("svc_lines", {
        columns: ['plan" from svc_lines; --'],
        where: [],
        keyColumns: ["acct"],
        after: null,
        limit: 1,
      }),
      /no such column/,
    );
  });
});
