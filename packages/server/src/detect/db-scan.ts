/**
 * `pipguard scan --db URL`: classifies the columns of an operator database (PostgreSQL, MySQL /
 * MariaDB, SQLite) by sampling rows. The schema comes from the connector's introspection; the
 * sample is one read-only `SELECT … LIMIT n` per table with quoted identifiers.
 */
import { type ColumnClassification, classifyColumn, DomainError, type StoreKind } from "@pipguard/core";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { openConnector } from "../connectors/open.js";

/** One classified column. */
export interface DbColumnFinding extends ColumnClassification {
  readonly table: string;
}

/** The store kind of a connection URL: postgres(ql)://, mysql:// or mariadb://, else a SQLite path. */
export function storeKindOf(url: string): StoreKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (/^(mysql|mariadb):\/\//i.test(url)) return "mysql";
  return "sqlite";
}

type Sampler = { rows(table: string, columns: string[], n: number): Promise<Record<string, unknown>[]>; close(): Promise<void> };

const dq = (s: string) => `"${s.replace(/"/g, '""')}"`;
const bq = (s: string) => `\`${s.replace(/`/g, "``")}\``;

function sampler(kind: StoreKind, url: string): Sampler {
  if (kind === "sqlite") {
    const db = new Database(url.replace(/^(sqlite|file):(\/\/)?/, ""), { readonly: true, fileMustExist: true });
    return {
      rows: async (t, cols, n) => db.prepare(`SELECT ${cols.map(dq).join(", ")} FROM ${dq(t)} LIMIT ?`).all(n) as Record<string, unknown>[],
      close: async () => {
        db.close();
      },
    };
  }
  if (kind === "postgres") {
    const u = new URL(url);
    const schema = u.searchParams.get("schema") ?? "public";
    u.searchParams.delete("schema");
    const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
    return {
      rows: async (t, cols, n) => (await pool.query(`SELECT ${cols.map(dq).join(", ")} FROM ${dq(schema)}.${dq(t)} LIMIT $1`, [n])).rows,
      close: () => pool.end(),
    };
  }
  const pool = mysql.createPool({ uri: url.replace(/^mariadb:/i, "mysql:"), connectionLimit: 1, dateStrings: true });
  return {
    rows: async (t, cols, n) => (await pool.query(`SELECT ${cols.map(bq).join(", ")} FROM ${bq(t)} LIMIT ?`, [n]))[0] as Record<string, unknown>[],
    close: () => pool.end(),
  };
}

/** Classifies every column (of `table` only, when given) from up to `sample` rows per table. */
export async function classifyDatabase(url: string, opts: { table?: string | undefined; sample?: number | undefined } = {}): Promise<DbColumnFinding[]> {
  const kind = storeKindOf(url);
  const n = opts.sample ?? 1000;
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new DomainError("VALIDATION_FAILED", "--sample must be an integer between 1 and 1000000");
  const connector = openConnector(kind, url);
  let tables: { name: string; columns: { name: string }[] }[];
  try {
    tables = (await connector.introspect()).tables;
  } finally {
    await connector.close();
  }
  if (opts.table) {
    tables = tables.filter((t) => t.name === opts.table);
    if (tables.length === 0) throw new DomainError("NOT_FOUND", `table ${opts.table} is not in the database`);
  }
  const s = sampler(kind, url);
  const out: DbColumnFinding[] = [];
  try {
    for (const t of tables) {
      const cols = t.columns.map((c) => c.name);
      if (cols.length === 0) continue;
      const rows = await s.rows(t.name, cols, n);
      for (const c of cols) {
        // Text and numbers only: dates, blobs and JSON objects are not scanned as text.
        const values = rows.map((row) => {
          const v = row[c];
          return typeof v === "string" || typeof v === "number" || typeof v === "bigint" ? v : null;
        });
        const r = classifyColumn(c, values);
        if (r) out.push({ table: t.name, ...r });
      }
    }
  } finally {
    await s.close();
  }
  return out;
}
