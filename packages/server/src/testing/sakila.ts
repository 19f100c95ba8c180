/**
 * Loads the third-party Sakila sample database (../shared/datasets/sakila, BSD) into a fresh
 * PostgreSQL database, MariaDB database or SQLite file for the connector tests and the benchmark.
 * The data comes from the PostgreSQL COPY file and is converted for the other engines.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CellValue, Row, StoreKind } from "@pipguard/core";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { toRow } from "../connectors/sql-base.js";

/** Where the Sakila files are: SAKILA_DIR, or ../shared/datasets/sakila next to the repository. */
export function sakilaDir(): string {
  const candidates = [process.env.SAKILA_DIR, resolve(process.cwd(), "../shared/datasets/sakila"), "/work/shared/datasets/sakila"];
  const dir = candidates.find((d) => d && existsSync(join(d, "postgres-sakila-schema.sql")));
  if (!dir) throw new Error("Sakila dataset not found; set SAKILA_DIR");
  return dir;
}

/** One table of the COPY file. */
export interface CopyTable {
  table: string;
  columns: string[];
  rows: (string | null)[][];
}

const copyValue = (s: string): string | null =>
  s === "\\N" ? null : s.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r", "\\": "\\" })[c] ?? c);

/** Parses the `COPY public.t (cols) FROM stdin; … \.` blocks of the PostgreSQL data file. */
export function readSakilaData(dir = sakilaDir()): CopyTable[] {
  const lines = readFileSync(join(dir, "postgres-sakila-insert-data-using-copy.sql"), "utf8").split("\n");
  const out: CopyTable[] = [];
  let cur: CopyTable | undefined;
  for (const line of lines) {
    if (cur) {
      if (line === "\\.") {
        out.push(cur);
        cur = undefined;
      } else cur.rows.push(line.split("\t").map(copyValue));
      continue;
    }
    const m = /^COPY public\.(\w+) \(([^)]*)\) FROM stdin;$/.exec(line);
    if (m) cur = { table: m[1] as string, columns: (m[2] as string).split(", "), rows: [] };
  }
  return out;
}

/** A loaded Sakila store: its connection string, a raw query for assertions, and cleanup. */
export interface SakilaStore {
  kind: StoreKind;
  connection: string;
  query(sql: string): Promise<Row[]>;
  dispose(): Promise<void>;
}

const PG_ADMIN = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MYSQL_ADMIN = process.env.TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/mysql";
const unique = () => `sakila_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

async function insertBatches(data: CopyTable[], run: (t: CopyTable, rows: (string | null)[][]) => Promise<void>, size = 500): Promise<void> {
  for (const t of data) for (let i = 0; i < t.rows.length; i += size) await run(t, t.rows.slice(i, i + size));
}

/**
 * Sakila in a new PostgreSQL database. The dump's payments (2005–2006) do not fit its 2007
 * partitions, so — like the dump's own scheme — each month's payments move into an inheritance
 * child `payment_pYYYY_MM` with a CHECK on payment_date and its own foreign keys.
 */
export async function loadSakilaPostgres(opts: { scale?: number } = {}): Promise<SakilaStore> {
  const dir = sakilaDir();
  const name = unique();
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const store: SakilaStore = {
    kind: "postgres",
    connection: url.toString(),
    query: async (sql) => (await client.query(sql)).rows.map(toRow),
    dispose: async () => {
      await client.end();
      const a = new pg.Client({ connectionString: PG_ADMIN });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
  try {
    await client.query(readFileSync(join(dir, "postgres-sakila-schema.sql"), "utf8"));
    await client.query("set session_replication_role = replica");
    const data = readSakilaData(dir);
    await insertBatches(data, async (t, rows) => {
      const params: (string | null)[] = [];
      const values = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(",")})`);
      await client.query(`insert into ${t.table} (${t.columns.join(",")}) values ${values.join(",")}`, params);
    });
    await client.query("set session_replication_role = origin");
    await client.query(`select setval('payment_payment_id_seq', (select max(payment_id) from payment))`);
    await client.query(`select setval('rental_rental_id_seq', (select max(rental_id) from rental))`);
    const months = await client.query(
      `select distinct to_char(payment_date, 'YYYY_MM') as m, date_trunc('month', payment_date)::text as f from only payment order by 1`,
    );
    for (const { m, f } of months.rows) {
      const child = `payment_p${m}`;
      await client.query(
        `create table ${child} (check (payment_date >= '${f}'::timestamp and payment_date < '${f}'::timestamp + interval '1 month')) inherits (payment)`,
      );
      await client.query(
        `alter table ${child} add primary key (payment_id), add foreign key (customer_id) references customer(customer_id), add foreign key (rental_id) references rental(rental_id), add foreign key (staff_id) references staff(staff_id)`,
      );
      await client.query(
        `with moved as (delete from only payment where payment_date >= '${f}'::timestamp and payment_date < '${f}'::timestamp + interval '1 month' returning *) insert into ${child} select * from moved`,
      );
      await client.query(`create index on ${child} (customer_id)`);
    }
    if ((opts.scale ?? 1) > 1)
      await scalePostgres(
        client,
        opts.scale as number,
        months.rows.map((r) => `payment_p${r.m}`),
      );
    await client.query("analyze");
  } catch (e) {
    await store.dispose().catch(() => undefined);
    throw e;
  }
  return store;
}

/** Multiplies rentals and payments by `factor` for the benchmark (new ids, same customers). */
async function scalePostgres(client: pg.Client, factor: number, partitions: string[]): Promise<void> {
  await client.query(`alter table rental drop constraint if exists rental_rental_date_key`);
  await client.query(`drop index if exists idx_unq_rental_rental_date_inventory_id_customer_id`);
  await client.query("set session_replication_role = replica");
  await client.query(
    `insert into rental (rental_id, rental_date, inventory_id, customer_id, return_date, staff_id, last_update)
     select r.rental_id + g * 100000, r.rental_date, r.inventory_id, r.customer_id, r.return_date, r.staff_id, r.last_update from rental r, generate_series(1, $1) g`,
    [factor - 1],
  );
  // Straight into each monthly partition (same month, new ids), pointing at the copied rentals.
  for (const part of partitions) {
    await client.query(
      `insert into ${part} (payment_id, customer_id, staff_id, rental_id, amount, payment_date)
       select p.payment_id + g * 100000, p.customer_id, p.staff_id, p.rental_id + g * 100000, p.amount, p.payment_date from only ${part} p, generate_series(1, $1) g`,
      [factor - 1],
    );
  }
  await client.query("set session_replication_role = origin");
  // The unique index above had customer_id as its last column; an operator would index the FK.
  await client.query("create index on rental (customer_id)");
}

/** Statements of the MySQL schema file that create tables (triggers, views and routines are left out). */
function mysqlTables(dir: string): string[] {
  const text = readFileSync(join(dir, "mysql-sakila-schema.sql"), "utf8");
  return [...text.matchAll(/CREATE TABLE [\s\S]*?;/g)].map((m) => m[0]);
}

/** Converts a PostgreSQL text value for MySQL/SQLite: booleans to 0/1, arrays to comma lists. */
function convert(v: string | null, type: string): CellValue {
  if (v === null) return null;
  if ((v === "t" || v === "f") && /tinyint|bool|int/.test(type)) return v === "t" ? 1 : 0;
  if (v.startsWith("{") && v.endsWith("}")) return v.slice(1, -1).replaceAll('"', "");
  return v;
}

/** Sakila in a new MariaDB/MySQL database (the MySQL schema; data converted from the PostgreSQL dump). */
export async function loadSakilaMysql(): Promise<SakilaStore> {
  const dir = sakilaDir();
  const name = unique();
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  await admin.end();
  const url = new URL(MYSQL_ADMIN);
  url.pathname = `/${name}`;
  const conn = await mysql.createConnection({ uri: url.toString(), dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  const store: SakilaStore = {
    kind: "mysql",
    connection: url.toString(),
    query: async (sql) => {
      const [rows] = await conn.query(sql);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]).map(toRow) : [];
    },
    dispose: async () => {
      await conn.query(`DROP DATABASE IF EXISTS ${name}`);
      await conn.end();
    },
  };
  try {
    await conn.query("SET FOREIGN_KEY_CHECKS = 0");
    for (const st of mysqlTables(dir)) await conn.query(st);
    const [colRows] = await conn.query(
      "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS ty FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
    );
    const types = new Map((colRows as { t: string; c: string; ty: string }[]).map((r) => [`${r.t}.${r.c}`, r.ty.toLowerCase()]));
    await insertBatches(readSakilaData(dir), async (t, rows) => {
      const keep = t.columns.map((c, i) => [c, i] as const).filter(([c]) => types.has(`${t.table}.${c}`));
      if (keep.length === 0) return;
      const values = rows.map((r) => keep.map(([c, i]) => convert(r[i] ?? null, types.get(`${t.table}.${c}`) as string)));
      await conn.query(`INSERT INTO \`${t.table}\` (${keep.map(([c]) => `\`${c}\``).join(",")}) VALUES ?`, [values]);
    });
    await conn.query("SET FOREIGN_KEY_CHECKS = 1");
  } catch (e) {
    await store.dispose().catch(() => undefined);
    throw e;
  }
  return store;
}

/** Sakila in a new SQLite file (the SQLite schema; data converted from the PostgreSQL dump). */
export async function loadSakilaSqlite(): Promise<SakilaStore> {
  const dir = sakilaDir();
  const tmp = mkdtempSync(join(tmpdir(), "pipguard-sakila-"));
  const path = join(tmp, "sakila.db");
  const db = new Database(path);
  const store: SakilaStore = {
    kind: "sqlite",
    connection: path,
    query: async (sql) => {
      const st = db.prepare(sql);
      if (!st.reader) {
        st.run();
        return [];
      }
      return (st.all() as Record<string, unknown>[]).map(toRow);
    },
    dispose: async () => {
      db.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  try {
    // better-sqlite3 turns foreign keys on by default; the dump's order (store ↔ staff) needs them off.
    db.pragma("foreign_keys = OFF");
    db.exec(readFileSync(join(dir, "sqlite-sakila-schema.sql"), "utf8"));
    const cols = new Map<string, Map<string, string>>();
    for (const t of readSakilaData(dir)) {
      if (!cols.has(t.table)) {
        const info = db.prepare(`PRAGMA table_info("${t.table}")`).all() as { name: string; type: string }[];
        cols.set(t.table, new Map(info.map((c) => [c.name, c.type.toLowerCase()])));
      }
      const tc = cols.get(t.table) as Map<string, string>;
      const keep = t.columns.map((c, i) => [c, i] as const).filter(([c]) => tc.has(c));
      if (keep.length === 0) continue;
      // The PostgreSQL payment table has no last_update; SQLite's is NOT NULL (its trigger overwrites it anyway).
      const stamp = tc.has("last_update") && !t.columns.includes("last_update") ? ',"last_update"' : "";
      const ins = db.prepare(
        `INSERT INTO "${t.table}" (${keep.map(([c]) => `"${c}"`).join(",")}${stamp}) VALUES (${keep.map(() => "?").join(",")}${stamp ? ",'2006-02-15 22:12:30'" : ""})`,
      );
      db.transaction(() => {
        for (const r of t.rows) ins.run(...keep.map(([c, i]) => convert(r[i] ?? null, tc.get(c) as string) as string | number | null));
      })();
    }
  } catch (e) {
    await store.dispose().catch(() => undefined);
    throw e;
  }
  return store;
}
