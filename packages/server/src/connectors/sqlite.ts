/** SQLite connector: introspects with PRAGMA table_info / foreign_key_list; reads and writes with better-sqlite3. */
import type { CellValue, ForeignKey, Row, SchemaModel } from "@pipguard/core";
import Database from "better-sqlite3";
import { type ScanQuery, scanSql } from "./scan-sql.js";
import { ansiQuote, chunks, deleteSql, type SqlDialect, toRow, updateSql, whereClause } from "./sql-base.js";
import type { Connector, ConnectorTx, ReadResult, RowFilter } from "./types.js";

const dialect: SqlDialect = { quote: ansiQuote, param: () => "?" };

/** Opens a SQLite store from a file path (or `sqlite:PATH` / `file:PATH`). */
export function openSqlite(connection: string): Connector {
  const path = connection.replace(/^(sqlite|file):(\/\/)?/, "");
  const db = new Database(path, { fileMustExist: true });
  // Foreign keys on, so an erasure that would orphan a row fails and rolls back instead.
  db.pragma("foreign_keys = ON");
  return new SqliteConnector(db);
}

type Rows = Record<string, unknown>[];

class SqliteConnector implements Connector {
  readonly kind = "sqlite" as const;
  constructor(private readonly db: Database.Database) {}

  async introspect(): Promise<SchemaModel> {
    const names = (
      this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    const foreignKeys: ForeignKey[] = [];
    const tables = names.map((name) => {
      const info = this.db.prepare(`PRAGMA table_info(${ansiQuote(name)})`).all() as { name: string; type: string; notnull: number; pk: number }[];
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const fkRows = this.db.prepare(`PRAGMA foreign_key_list(${ansiQuote(name)})`).all() as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string | null;
      }[];
      const byId = new Map<number, ForeignKey>();
      for (const r of fkRows.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
        const fk = byId.get(r.id) ?? { name: `${name}_fk${r.id}`, table: name, columns: [], refTable: r.table, refColumns: [] };
        fk.columns.push(r.from);
        if (r.to) fk.refColumns.push(r.to);
        byId.set(r.id, fk);
      }
      foreignKeys.push(...byId.values());
      const len = (type: string) => Number(/\((\d+)\)/.exec(type)?.[1] ?? Number.NaN);
      return {
        name,
        columns: info.map((c) => ({
          name: c.name,
          type: c.type.toLowerCase(),
          nullable: c.notnull === 0 && c.pk === 0,
          maxLength: Number.isNaN(len(c.type)) ? null : len(c.type),
        })),
        primaryKey,
        partitions: [],
      };
    });
    // A foreign key without target columns points at the referenced table's primary key.
    for (const fk of foreignKeys) if (fk.refColumns.length === 0) fk.refColumns = tables.find((t) => t.name === fk.refTable)?.primaryKey ?? [];
    return { tables, foreignKeys };
  }

  async select(table: string, filter: RowFilter): Promise<ReadResult> {
    const parts = filter.kind === "in" ? chunks(filter.tuples).map((tuples) => ({ ...filter, tuples })) : [filter];
    const rows = [];
    for (const f of parts) {
      const w = whereClause(dialect, f);
      for (const r of this.db.prepare(`SELECT * FROM ${ansiQuote(table)} WHERE ${w.sql}`).all(...(w.params as CellValue[]).map(bind)) as Rows)
        rows.push(toRow(r));
    }
    return { rows };
  }

  async scan(table: string, q: ScanQuery): Promise<Row[]> {
    const st = scanSql(dialect, ansiQuote(table), q);
    return (this.db.prepare(st.sql).all(...st.params.map(bind)) as Rows).map(toRow);
  }

  async transaction<T>(fn: (tx: ConnectorTx) => Promise<T>): Promise<T> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const tx: ConnectorTx = {
        update: async (table, key, set) => {
          const st = updateSql(dialect, ansiQuote(table), key, set);
          return this.db.prepare(st.sql).run(...st.params.map(bind)).changes;
        },
        delete: async (table, keyColumns, keys) => {
          let n = 0;
          for (const part of chunks(keys)) {
            const st = deleteSql(dialect, ansiQuote(table), keyColumns, part);
            n += this.db.prepare(st.sql).run(...st.params.map(bind)).changes;
          }
          return n;
        },
      };
      const result = await fn(tx);
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** better-sqlite3 binds booleans as errors; store them as 0/1. */
function bind(v: CellValue): string | number | null {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}
