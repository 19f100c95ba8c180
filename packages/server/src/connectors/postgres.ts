/** PostgreSQL connector: introspects pg_catalog (tables, partitions, keys) and reads/writes with `pg`. */
import { type CellValue, type ColumnInfo, type ForeignKey, foldPartitions, type Row, type SchemaModel, type TableInfo } from "@pipguard/core";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { parseCopyText } from "./copy-text.js";
import { type ScanQuery, scanColumns, scanSql } from "./scan-sql.js";
import { ansiQuote, chunks, deleteSql, type SqlDialect, toRow, updateSql, whereClause } from "./sql-base.js";
import type { Connector, ConnectorTx, ReadResult, RowFilter } from "./types.js";

const dialect: SqlDialect = { quote: ansiQuote, param: (n) => `$${n}` };

// Timestamps, dates and numerics stay text: an export must show the stored value, not a JS Date
// shifted by the client's time zone (Sakila's timestamps have no zone).
const RAW_TYPES = new Set([1082, 1083, 1114, 1184, 1700, 20]);
const types = { getTypeParser: (oid: number, format?: string) => (RAW_TYPES.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as "text")) };

/** Keyset pages of at least this many rows are read with COPY (see `copyScan`). */
const COPY_FROM_ROWS = 1000;

/**
 * A value as a quoted SQL literal for a COPY, whose query takes no parameters: text through pg's
 * escapeLiteral (quotes doubled; backslashes doubled in an E'' literal), numbers and booleans as quoted
 * text that PostgreSQL reads as the compared column's type. Undefined for what cannot be written so:
 * text holding NUL (it would end the query text early) or a number that is not finite.
 */
function literal(v: CellValue): string | undefined {
  if (v === null) return "NULL";
  if (typeof v === "string") return v.includes("\0") ? undefined : pg.escapeLiteral(v);
  if (typeof v === "number") return Number.isFinite(v) ? `'${v}'` : undefined;
  return `'${v ? 1 : 0}'`;
}

/** Opens a PostgreSQL store; `?schema=NAME` in the URL picks the schema (default public). */
export function openPostgres(url: string): Connector {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? "public";
  u.searchParams.delete("schema");
  const pool = new pg.Pool({ connectionString: u.toString(), max: 3, types: types as never });
  return new PostgresConnector(pool, schema);
}

class PostgresConnector implements Connector {
  readonly kind = "postgres" as const;
  private partitioned = new Set<string>();
  private relNames = new Map<number, string>();
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  private q(c: pg.Pool | pg.PoolClient, sql: string, params: CellValue[] = []) {
    return c.query(sql, params);
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
    const s = [this.schema];
    const rels = await this.q(
      this.pool,
      `select c.relname, c.oid::int as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'p') order by 1`,
      s,
    );
    const cols = await this.q(
      this.pool,
      `select table_name, column_name, data_type, is_nullable, character_maximum_length from information_schema.columns where table_schema = $1 order by table_name, ordinal_position`,
      s,
    );
    // Keys from pg_constraint; conkey/confkey are attribute numbers, resolved in order.
    const cons = await this.q(
      this.pool,
      `select cl.relname as table_name, con.conname, con.contype, rc.relname as ref_table,
         array(select a.attname from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as cols,
         array(select a.attname from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)::text[] as ref_cols
       from pg_constraint con join pg_class cl on cl.oid = con.conrelid join pg_namespace n on n.oid = cl.relnamespace
       left join pg_class rc on rc.oid = con.confrelid
       where n.nspname = $1 and con.contype in ('p', 'f') order by cl.relname, con.conname`,
      s,
    );
    // Declarative partitions and inheritance children alike appear in pg_inherits.
    const inh = await this.q(
      this.pool,
      `select c.relname as child, p.relname as parent from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`,
      s,
    );
    const names = new Set(rels.rows.map((r) => r.relname as string));
    this.relNames = new Map(rels.rows.map((r) => [Number(r.oid), String(r.relname)]));
    const columns = new Map<string, ColumnInfo[]>();
    for (const r of cols.rows) {
      if (!names.has(r.table_name)) continue;
      const list = columns.get(r.table_name) ?? [];
      list.push({
        name: r.column_name,
        type: String(r.data_type).toLowerCase(),
        nullable: r.is_nullable === "YES",
        maxLength: r.character_maximum_length ?? null,
      });
      columns.set(r.table_name, list);
    }
    const pks = new Map<string, string[]>();
    const fks: ForeignKey[] = [];
    for (const r of cons.rows) {
      if (r.contype === "p") pks.set(r.table_name, r.cols);
      else fks.push({ name: r.conname, table: r.table_name, columns: r.cols, refTable: r.ref_table, refColumns: r.ref_cols });
    }
    const tables: TableInfo[] = [...names].map((n) => ({ name: n, columns: columns.get(n) ?? [], primaryKey: pks.get(n) ?? [], partitions: [] }));
    const parentOf = new Map(inh.rows.map((r) => [r.child as string, r.parent as string]));
    const model = foldPartitions(tables, fks, parentOf);
    this.partitioned = new Set(model.tables.filter((t) => t.partitions.length > 0).map((t) => t.name));
    return model;
  }

  async select(table: string, filter: RowFilter): Promise<ReadResult> {
    const withPart = this.partitioned.has(table);
    // One key column: a single `= any($1)` array parameter, so a table without an index on the
    // column is scanned once, not once per chunk.
    const single = filter.kind === "in" && filter.columns.length === 1;
    const parts = filter.kind === "in" && !single ? chunks(filter.tuples).map((tuples) => ({ ...filter, tuples })) : [filter];
    const out: ReadResult = { rows: [], ...(withPart ? { partitions: [] } : {}) };
    for (const f of parts) {
      const w =
        single && f.kind === "in"
          ? { sql: `t.${ansiQuote(f.columns[0] as string)} = any($1)`, params: [f.tuples.map((x) => x[0]).filter((v) => v !== null)] as never as CellValue[] }
          : whereClause(dialect, f);
      // tableoid names the physical partition a row lives in (payment_p2007_01 …).
      const extra = withPart ? `, t.tableoid::int as "__partition"` : "";
      const res = await this.q(this.pool, `select t.*${extra} from ${this.qualified(table)} t where ${w.sql}`, w.params);
      for (const r of res.rows) {
        if (withPart) {
          out.partitions?.push(this.relNames.get(Number(r.__partition)) ?? String(r.__partition));
          delete r.__partition;
        }
        out.rows.push(toRow(r));
      }
    }
    return out;
  }

  async scan(table: string, q: ScanQuery): Promise<Row[]> {
    if (q.limit >= COPY_FROM_ROWS) {
      const rows = await this.copyScan(table, q);
      if (rows) return rows;
    }
    const st = scanSql(dialect, this.qualified(table), q);
    return (await this.q(this.pool, st.sql, st.params)).rows.map(toRow);
  }

  /**
   * A large keyset page as `COPY (SELECT …) TO STDOUT`: PostgreSQL streams the rows as tab-separated
   * text, parsed here with the type parsers a SELECT's text results go through — the same rows as
   * the SELECT, at about half the driver's cost per row (contractor exports read hundreds of
   * thousands). Undefined when a filter or key value cannot be written as a literal: the caller then
   * runs the parameterised SELECT. COPY TO STDOUT needs no privilege beyond SELECT.
   */
  private async copyScan(table: string, q: ScanQuery): Promise<Row[] | undefined> {
    let inlinable = true;
    const inline: SqlDialect = {
      quote: ansiQuote,
      param: (_n, v) => {
        const l = literal(v ?? null);
        if (l === undefined) inlinable = false;
        return l ?? "NULL";
      },
    };
    const st = scanSql(inline, this.qualified(table), q);
    if (!inlinable) return undefined;
    const columns = scanColumns(q);
    // COPY sends no column types: they come from the same query with no rows, asked every time (one
    // round trip per thousands of rows), so a column whose type was altered is parsed as it now is.
    const described = await this.q(this.pool, `SELECT * FROM (${st.sql}) s LIMIT 0`);
    const parsers = described.fields.map((f) => types.getTypeParser(f.dataTypeID, "text") as (v: string) => unknown);
    const client = await this.pool.connect();
    try {
      const stream = client.query(copyTo(`COPY (${st.sql}) TO STDOUT`));
      const rows: Row[] = [];
      let rest: Buffer | undefined;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        // Cut after the last newline: a UTF-8 sequence never holds byte 0x0A, so no character is split.
        const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
        const end = buf.lastIndexOf(10);
        if (end < 0) {
          rest = buf;
          continue;
        }
        parseCopyText(buf.toString("utf8", 0, end + 1), columns, parsers, rows);
        rest = end + 1 < buf.length ? buf.subarray(end + 1) : undefined;
      }
      // COPY ends every row with a newline: bytes after the last one are a cut row, never a row.
      if (rest) throw new Error("COPY text: the data ended inside a row");
      client.release();
      return rows;
    } catch (e) {
      client.release(e as Error); // the connection may be mid-COPY: closed, not reused
      throw e;
    }
  }

  async transaction<T>(fn: (tx: ConnectorTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("begin");
      const tx: ConnectorTx = {
        update: async (table, key, set) => {
          const st = updateSql(dialect, this.qualified(table), key, set);
          return (await this.q(client, st.sql, st.params)).rowCount ?? 0;
        },
        delete: async (table, keyColumns, keys) => {
          let n = 0;
          for (const part of chunks(keys)) {
            const st = deleteSql(dialect, this.qualified(table), keyColumns, part);
            n += (await this.q(client, st.sql, st.params)).rowCount ?? 0;
          }
          return n;
        },
      };
      const result = await fn(tx);
      await client.query("commit");
      return result;
    } catch (e) {
      await client.query("rollback").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private qualified(table: string): string {
    return `${ansiQuote(this.schema)}.${ansiQuote(table)}`;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
