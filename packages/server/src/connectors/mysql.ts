/** MySQL/MariaDB connector: introspects information_schema and reads/writes with mysql2. */
import type { CellValue, ColumnInfo, ForeignKey, Row, SchemaModel } from "@pipguard/core";
import mysql from "mysql2/promise";
import { type ScanQuery, scanSql } from "./scan-sql.js";
import { chunks, deleteSql, mysqlQuote, type SqlDialect, toRow, updateSql, whereClause } from "./sql-base.js";
import type { Connector, ConnectorTx, ReadResult, RowFilter } from "./types.js";

const dialect: SqlDialect = { quote: mysqlQuote, param: () => "?" };

/** Opens a MySQL/MariaDB store from a `mysql://user:pass@host:port/database` URL. */
export function openMysql(url: string): Connector {
  // Dates and decimals as strings: an export shows the stored value, not a reinterpretation.
  const pool = mysql.createPool({ uri: url, connectionLimit: 3, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false });
  return new MysqlConnector(pool);
}

type Rows = Record<string, unknown>[];

class MysqlConnector implements Connector {
  readonly kind = "mysql" as const;
  constructor(private readonly pool: mysql.Pool) {}

  private async q(c: mysql.Pool | mysql.PoolConnection, sql: string, params: CellValue[] = []): Promise<Rows> {
    const [rows] = await c.query(sql, params);
    return rows as Rows;
  }

  private model: Promise<SchemaModel> | undefined;

  /** The catalog is read once per connector: a request run opens its own connector. */
  introspect(): Promise<SchemaModel> {
    this.model ??= this.readCatalog().catch((e) => {
      this.model = undefined;
      throw e;
    });
    return this.model;
  }

  private async readCatalog(): Promise<SchemaModel> {
    const tables = await this.q(
      this.pool,
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
    );
    const cols = await this.q(
      this.pool,
      "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS dt, IS_NULLABLE AS n, CHARACTER_MAXIMUM_LENGTH AS len FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
    );
    const keys = await this.q(
      this.pool,
      "SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS k, COLUMN_NAME AS c, REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL) ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
    );
    const columns = new Map<string, ColumnInfo[]>();
    for (const r of cols) {
      const list = columns.get(String(r.t)) ?? [];
      list.push({ name: String(r.c), type: String(r.dt).toLowerCase(), nullable: r.n === "YES", maxLength: r.len === null ? null : Number(r.len) });
      columns.set(String(r.t), list);
    }
    const pks = new Map<string, string[]>();
    const fks = new Map<string, ForeignKey>();
    for (const r of keys) {
      const t = String(r.t);
      if (r.k === "PRIMARY") {
        pks.set(t, [...(pks.get(t) ?? []), String(r.c)]);
        continue;
      }
      const id = `${t}.${String(r.k)}`;
      const fk = fks.get(id) ?? { name: String(r.k), table: t, columns: [], refTable: String(r.rt), refColumns: [] };
      fk.columns.push(String(r.c));
      fk.refColumns.push(String(r.rc));
      fks.set(id, fk);
    }
    // MySQL partitions are internal to one table name: nothing to fold.
    return {
      tables: tables.map((r) => ({ name: String(r.t), columns: columns.get(String(r.t)) ?? [], primaryKey: pks.get(String(r.t)) ?? [], partitions: [] })),
      foreignKeys: [...fks.values()],
    };
  }

  async select(table: string, filter: RowFilter): Promise<ReadResult> {
    const parts = filter.kind === "in" ? chunks(filter.tuples).map((tuples) => ({ ...filter, tuples })) : [filter];
    const rows = [];
    for (const f of parts) {
      const w = whereClause(dialect, f);
      for (const r of await this.q(this.pool, `SELECT * FROM ${mysqlQuote(table)} WHERE ${w.sql}`, w.params)) rows.push(toRow(r));
    }
    return { rows };
  }

  async scan(table: string, q: ScanQuery): Promise<Row[]> {
    const st = scanSql(dialect, mysqlQuote(table), q);
    return (await this.q(this.pool, st.sql, st.params)).map(toRow);
  }

  async transaction<T>(fn: (tx: ConnectorTx) => Promise<T>): Promise<T> {
    const conn = await this.pool.getConnection();
    try {
      await conn.beginTransaction();
      const tx: ConnectorTx = {
        update: async (table, key, set) => {
          const st = updateSql(dialect, mysqlQuote(table), key, set);
          const [res] = await conn.query(st.sql, st.params);
          return (res as mysql.ResultSetHeader).affectedRows;
        },
        delete: async (table, keyColumns, keys) => {
          let n = 0;
          for (const part of chunks(keys)) {
            const st = deleteSql(dialect, mysqlQuote(table), keyColumns, part);
            const [res] = await conn.query(st.sql, st.params);
            n += (res as mysql.ResultSetHeader).affectedRows;
          }
          return n;
        },
      };
      const result = await fn(tx);
      await conn.commit();
      return result;
    } catch (e) {
      await conn.rollback().catch(() => undefined);
      throw e;
    } finally {
      conn.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
