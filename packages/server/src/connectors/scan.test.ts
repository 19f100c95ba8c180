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

  /** A fresh PostgreSQL schema made by `ddl` (run with the schema on the search path) and a connector on it. */
  async function pgStore(ddl: string): Promise<{ admin: pg.Client; conn: Connector }> {
    const schema = `scan_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    });
    await admin.query(`create schema ${schema}; set search_path = ${schema}; ${ddl}`);
    const u = new URL(TEST_PG_URL);
    u.searchParams.set("schema", schema);
    const conn = openConnector("postgres", u.toString());
    cleanups.unshift(() => conn.close());
    return { admin, conn };
  }

  it("pages PostgreSQL the same way", async () => {
    const { admin, conn } = await pgStore(DDL);
    for (const r of ROWS) await admin.query("insert into svc_lines values ($1, $2, $3, $4)", [...r]);
    assert.deepEqual(await pageAll(conn), expected);
  });

  it("reads large PostgreSQL pages with COPY: the same rows and values as the parameterised SELECT", async () => {
    // Every value COPY must escape or type: tabs, newlines, backslashes, quotes, NULLs, 4-byte UTF-8,
    // big and exact numbers, times, bytes, JSON and arrays; a status with a quote and a backslash.
    const { admin, conn } = await pgStore(`create table wide (id int primary key, status text not null, note text, big bigint, amount numeric(12,2), ok boolean,
        at timestamp, day date, raw bytea, doc jsonb, tags text[]);
      insert into wide select i, case when i % 3 = 0 then 'O''Brien\\x' else 'active' end,
        case i % 7 when 0 then null when 1 then E'tab\there' when 2 then E'line\nbreak\r\n' when 3 then 'back\\slash \\N' when 4 then '王小明 😀 "quoted"' when 5 then '\\' else 'plain ' || i end,
        9007199254740993 + i, i * 1.25, i % 2 = 0, timestamp '2026-01-01 08:00:00' + i * interval '1 minute', date '2026-01-01' + i,
        decode(lpad(to_hex(i), 8, '0'), 'hex'), jsonb_build_object('n', i, 's', E'a\tb'), array['x', E'y\tz', null]
      from generate_series(1, 2600) i`);
    const scan = (conn.scan as NonNullable<Connector["scan"]>).bind(conn);
    const all = async (limit: number, status: string) => {
      const out: Record<string, unknown>[] = [];
      let after: (string | number | boolean | null)[] | null = null;
      for (;;) {
        const rows = await scan("wide", {
          columns: ["status", "note", "big", "amount", "ok", "at", "day", "raw", "doc", "tags"],
          where: [{ column: "status", op: "eq", value: status }],
          keyColumns: ["id"],
          after,
          limit,
        });
        if (rows.length === 0) return out;
        out.push(...rows);
        after = [rows[rows.length - 1]?.id ?? null];
      }
    };
    for (const status of ["active", "O'Brien\\x"]) {
      const viaSelect = await all(999, status); // under the COPY threshold: bound parameters
      const viaCopy = await all(1200, status);
      assert.ok(viaSelect.length > 800);
      assert.deepEqual(viaCopy, viaSelect);
    }
    // A hostile value stays a value: no rows, and the table is still there.
    assert.deepEqual(await all(1500, "x'); drop table wide; --"), []);
    assert.equal((await admin.query("select count(*)::int as n from wide")).rows[0].n, 2600);
    // A column whose type is altered between two reads is parsed as it now is (boolean → text here).
    assert.equal(typeof (await all(1200, "active"))[0]?.ok, "boolean");
    await admin.query("alter table wide alter column ok type text");
    const afterAlter = await all(1200, "active");
    assert.equal(typeof afterAlter[0]?.ok, "string");
    assert.deepEqual(afterAlter, await all(999, "active"));
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
