/**
 * Raw SQL against an operator's database for protecting a column in place (`pipguard protect
 * column`): describe a column, widen it and restore its type, add and drop the blind-index column,
 * read rows in primary-key order from a cursor and write a batch in one transaction. Identifiers are
 * quoted, values parameterised; a type name is only ever one read from the store's own catalog.
 */
import type { CellValue } from "@pipguard/core";
import { DomainError } from "@pipguard/core";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { ansiQuote, mysqlQuote } from "./sql-base.js";

type Rows = Record<string, unknown>[];
export type ColumnEngine = "postgres" | "mysql" | "sqlite";

/** What protection needs to know about a column. */
export interface ColumnShape {
  /** The full type as declared (`character varying(50)`, `varchar(50)`, `VARCHAR(50)`). */
  type: string;
  /** A character type that can hold ciphertext after widening. */
  textual: boolean;
  maxLength: number | null;
  primaryKey: string[];
  /** The column is part of a primary or foreign key (either side). */
  inKey: boolean;
  /** Views that depend on the column (PostgreSQL refuses to change its type while they exist). */
  dependentViews: string[];
  /** MySQL: the attributes restated by MODIFY COLUMN (charset, collation, null, default, comment). */
  attributes: string;
}

/** One engine's SQL for protection. */
export interface ColumnSql {
  readonly engine: ColumnEngine;
  /** undefined when the table does not exist; `column: undefined` when the column does not. */
  describe(table: string, column: string): Promise<{ column: ColumnShape | undefined; columns: string[] } | undefined>;
  /** Changes the column's type to `type` (a type read from the catalog or computed by protection). */
  setType(table: string, column: string, type: string, attributes: string): Promise<void>;
  /** Adds the nullable blind-index column and its index (no-op when present). */
  addIndexColumn(table: string, column: string, index: string): Promise<void>;
  /** Drops the blind-index column and its index (no-op when absent). */
  dropIndexColumn(table: string, column: string, index: string): Promise<void>;
  /** Up to `limit` rows (key columns + `columns`) after `after` in key order. */
  readBatch(table: string, key: string[], columns: string[], after: CellValue[] | null, limit: number): Promise<Rows>;
  /** Number of rows of the table, and of those whose column holds a protected value / NULL. */
  counts(table: string, column: string): Promise<{ rows: number; protectedValues: number; nulls: number }>;
  /** Runs `UPDATE table SET … WHERE key = … AND column = old` for each change, in one transaction; returns rows changed. */
  writeBatch(table: string, key: string[], column: string, changes: { key: CellValue[]; old: string; set: Record<string, CellValue> }[]): Promise<number>;
  close(): Promise<void>;
}

const TEXT_PG = new Set(["character varying", "character", "text"]);
const TEXT_MYSQL = new Set(["varchar", "char", "tinytext", "text", "mediumtext", "longtext"]);

/** A type name as read from a catalog: letters, spaces and one optional length. */
export function isSafeTypeName(t: string): boolean {
  return /^[A-Za-z][A-Za-z ]*(\(\d{1,6}\))?$/.test(t);
}

/** Opens the protection SQL for a store's connection string (the same forms as openConnector). */
export function openColumnSql(kind: string, connection: string): ColumnSql {
  if (kind === "postgres") return postgresSql(connection);
  if (kind === "mysql") return mysqlSql(connection);
  if (kind === "sqlite") return sqliteSql(connection);
  throw new DomainError("COLUMN_NOT_PROTECTABLE", "only PostgreSQL, MySQL/MariaDB and SQLite stores can have columns protected in place");
}

/** WHERE for key-order paging: `(k1, k2) > (?, ?)`. */
function afterClause(q: (id: string) => string, p: (n: number) => string, key: string[], first: number): string {
  return key.length === 1 ? `${q(key[0] as string)} > ${p(first)}` : `(${key.map(q).join(", ")}) > (${key.map((_, i) => p(first + i)).join(", ")})`;
}

function selectBatchSql(
  q: (id: string) => string,
  p: (n: number) => string,
  target: string,
  key: string[],
  columns: string[],
  after: CellValue[] | null,
  limit: number,
) {
  const cols = [...key, ...columns.filter((c) => !key.includes(c))].map(q).join(", ");
  const where = after ? ` WHERE ${afterClause(q, p, key, 1)}` : "";
  return { sql: `SELECT ${cols} FROM ${target}${where} ORDER BY ${key.map(q).join(", ")} LIMIT ${Math.floor(limit)}`, params: after ?? [] };
}

function updateRowSql(q: (id: string) => string, p: (n: number) => string, target: string, key: string[], column: string, set: Record<string, CellValue>) {
  const names = Object.keys(set);
  const sets = names.map((c, i) => `${q(c)} = ${p(i + 1)}`).join(", ");
  const keyWhere = key.map((k, i) => `${q(k)} = ${p(names.length + 1 + i)}`).join(" AND ");
  return { sql: `UPDATE ${target} SET ${sets} WHERE ${keyWhere} AND ${q(column)} = ${p(names.length + key.length + 1)}`, names };
}

// ---------------------------------------------------------------- PostgreSQL

const RAW_TYPES = new Set([1082, 1083, 1114, 1184, 1700, 20]);
const pgTypes = { getTypeParser: (oid: number, format?: string) => (RAW_TYPES.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as "text")) };

function postgresSql(url: string): ColumnSql {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? "public";
  u.searchParams.delete("schema");
  const pool = new pg.Pool({ connectionString: u.toString(), max: 2, types: pgTypes as never });
  const q = ansiQuote;
  const p = (n: number) => `$${n}`;
  const target = (t: string) => `${q(schema)}.${q(t)}`;
  const query = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Rows;
  const keyTypes = new Map<string, Promise<string[]>>();
  /** The declared types of the key columns (for casting the key array elements). */
  const keyTypesOf = (table: string, key: string[]): Promise<string[]> => {
    const id = `${table}\0${key.join("\0")}`;
    let types = keyTypes.get(id);
    if (!types) {
      types = query(
        `select a.attname, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relname = $2 and a.attname = any($3)`,
        [schema, table, key],
      ).then((rows) => key.map((k) => String(rows.find((r) => r.attname === k)?.type ?? "")));
      keyTypes.set(id, types);
    }
    return types;
  };
  return {
    engine: "postgres",
    async describe(table, column) {
      const rel = await query(
        `select c.oid::int as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p')`,
        [schema, table],
      );
      const oid = rel[0]?.oid;
      if (oid === undefined) return undefined;
      const cols = await query(
        `select a.attname, a.attnum::int as attnum, format_type(a.atttypid, a.atttypmod) as type, information_schema._pg_char_max_length(a.atttypid, a.atttypmod) as len,
           (select t.typname from pg_type t where t.oid = a.atttypid) as typname
         from pg_attribute a where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [oid],
      );
      const columns = cols.map((c) => String(c.attname));
      const col = cols.find((c) => c.attname === column);
      if (!col) return { column: undefined, columns };
      const pk = await query(
        `select array(select a.attname from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as cols
         from pg_constraint con where con.conrelid = $1 and con.contype = 'p'`,
        [oid],
      );
      const keyed = await query(
        `select 1 from pg_constraint con where con.contype in ('p', 'f', 'u') and ((con.conrelid = $1 and $2 = any(con.conkey)) or (con.confrelid = $1 and $2 = any(con.confkey)))
         union all select 1 from pg_index i where i.indrelid = $1 and i.indisunique and $2 = any(i.indkey::int2[]) limit 1`,
        [oid, col.attnum],
      );
      const views = await query(
        `select distinct v.relname from pg_depend d join pg_rewrite r on r.oid = d.objid join pg_class v on v.oid = r.ev_class
         where d.classid = 'pg_rewrite'::regclass and d.refobjid = $1 and d.refobjsubid = $2 and v.oid <> $1 order by 1`,
        [oid, col.attnum],
      );
      const base = String(col.type).replace(/\(.*$/, "");
      return {
        columns,
        column: {
          type: String(col.type),
          textual: TEXT_PG.has(base),
          maxLength: col.len === null ? null : Number(col.len),
          primaryKey: (pk[0]?.cols as string[] | undefined) ?? [],
          inKey: keyed.length > 0,
          dependentViews: views.map((v) => String(v.relname)),
          attributes: "",
        },
      };
    },
    async setType(table, column, type) {
      if (!isSafeTypeName(type)) throw new DomainError("INTERNAL", "refusing an unexpected type name");
      // Without USING: PostgreSQL's assignment cast refuses a value that does not fit (never truncates).
      await pool.query(`alter table ${target(table)} alter column ${q(column)} type ${type}`);
    },
    async addIndexColumn(table, column, index) {
      await pool.query(`alter table ${target(table)} add column if not exists ${q(column)} text`);
      await pool.query(`create index if not exists ${q(index)} on ${target(table)} (${q(column)})`);
    },
    async dropIndexColumn(table, column) {
      await pool.query(`alter table ${target(table)} drop column if exists ${q(column)}`);
    },
    async readBatch(table, key, columns, after, limit) {
      const st = selectBatchSql(q, p, target(table), key, columns, after, limit);
      return query(st.sql, st.params);
    },
    async counts(table, column) {
      const r = await query(
        `select count(*)::int as rows, count(*) filter (where ${q(column)}::text like 'pg1:%')::int as protected, count(*) filter (where ${q(column)} is null)::int as nulls from ${target(table)}`,
      );
      return { rows: Number(r[0]?.rows ?? 0), protectedValues: Number(r[0]?.protected ?? 0), nulls: Number(r[0]?.nulls ?? 0) };
    },
    async writeBatch(table, key, column, changes) {
      if (changes.length === 0) return 0;
      const keyTypes = await keyTypesOf(table, key);
      const client = await pool.connect();
      try {
        await client.query("begin");
        let n = 0;
        const names = Object.keys(changes[0]?.set ?? {});
        if (keyTypes.every(isSafeTypeName)) {
          // One statement per batch: the new values, the old ones and the keys as parallel arrays.
          const arrays = [
            ...names.map((c) => changes.map((x) => x.set[c] ?? null)),
            changes.map((x) => x.old),
            ...key.map((_, i) => changes.map((x) => (x.key[i] === null || x.key[i] === undefined ? null : String(x.key[i])))),
          ];
          const cols = [...names.map((_, i) => `s${i}`), "old", ...key.map((_, i) => `k${i}`)];
          const st = `update ${target(table)} t set ${names.map((c, i) => `${q(c)} = v.s${i}`).join(", ")}
            from unnest(${arrays.map((_, i) => `$${i + 1}::text[]`).join(", ")}) as v(${cols.join(", ")})
            where ${key.map((k, i) => `t.${q(k)} = v.k${i}::${keyTypes[i]}`).join(" and ")} and t.${q(column)} = v.old`;
          n = (await client.query(st, arrays)).rowCount ?? 0;
        } else {
          for (const c of changes) {
            const st = updateRowSql(q, p, target(table), key, column, c.set);
            n += (await client.query(st.sql, [...st.names.map((k) => c.set[k]), ...c.key, c.old])).rowCount ?? 0;
          }
        }
        await client.query("commit");
        return n;
      } catch (e) {
        await client.query("rollback").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------- MySQL / MariaDB

/** Rows per UPDATE statement when protecting a MySQL/MariaDB column. */
const MYSQL_ROWS_PER_UPDATE = 200;

function mysqlSql(url: string): ColumnSql {
  const pool = mysql.createPool({ uri: url, connectionLimit: 2, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false });
  const q = mysqlQuote;
  const p = () => "?";
  const query = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params))[0] as Rows;
  return {
    engine: "mysql",
    async describe(table, column) {
      const t = await query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'", [
        table,
      ]);
      if (t.length === 0) return undefined;
      const cols = await query(
        `SELECT COLUMN_NAME AS c, COLUMN_TYPE AS ty, DATA_TYPE AS dt, CHARACTER_MAXIMUM_LENGTH AS len, IS_NULLABLE AS n, COLUMN_DEFAULT AS d,
           CHARACTER_SET_NAME AS cs, COLLATION_NAME AS co, COLUMN_COMMENT AS cm, COLUMN_KEY AS k
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [table],
      );
      const columns = cols.map((c) => String(c.c));
      const col = cols.find((c) => c.c === column);
      if (!col) return { column: undefined, columns };
      const pk = cols.filter((c) => c.k === "PRI").map((c) => String(c.c));
      const keyed = await query(
        `SELECT 1 FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()
           AND ((TABLE_NAME = ? AND COLUMN_NAME = ?) OR (REFERENCED_TABLE_NAME = ? AND REFERENCED_COLUMN_NAME = ?)) LIMIT 1`,
        [table, column, table, column],
      );
      const nullable = col.n === "YES";
      const d = col.d === null || col.d === undefined ? null : String(col.d);
      // MariaDB reports a literal default quoted ('x') and no default as NULL; MySQL 8 unquoted.
      const dflt = d === null || d === "NULL" ? (nullable ? " DEFAULT NULL" : "") : ` DEFAULT ${d.startsWith("'") ? d : pool.escape(d)}`;
      const attributes = `${col.cs ? ` CHARACTER SET ${String(col.cs)}` : ""}${col.co ? ` COLLATE ${String(col.co)}` : ""}${nullable ? " NULL" : " NOT NULL"}${dflt}${col.cm ? ` COMMENT ${pool.escape(String(col.cm))}` : ""}`;
      return {
        columns,
        column: {
          type: String(col.ty),
          textual: TEXT_MYSQL.has(String(col.dt).toLowerCase()),
          maxLength: col.len === null ? null : Number(col.len),
          primaryKey: pk,
          inKey: keyed.length > 0 || col.k === "PRI",
          dependentViews: [],
          attributes,
        },
      };
    },
    async setType(table, column, type, attributes) {
      if (!isSafeTypeName(type)) throw new DomainError("INTERNAL", "refusing an unexpected type name");
      // MODIFY restates the whole column: charset, collation, NULL, default and comment are kept
      // (`attributes` comes from describe: catalog names, and default/comment escaped by the driver).
      await pool.query(`ALTER TABLE ${q(table)} MODIFY COLUMN ${q(column)} ${type}${attributes}`);
    },
    async addIndexColumn(table, column, index) {
      const have = await query("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?", [
        table,
        column,
      ]);
      if (have.length > 0) return;
      await pool.query(
        `ALTER TABLE ${q(table)} ADD COLUMN ${q(column)} VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL, ADD INDEX ${q(index)} (${q(column)})`,
      );
    },
    async dropIndexColumn(table, column) {
      const have = await query("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?", [
        table,
        column,
      ]);
      if (have.length > 0) await pool.query(`ALTER TABLE ${q(table)} DROP COLUMN ${q(column)}`);
    },
    async readBatch(table, key, columns, after, limit) {
      const st = selectBatchSql(q, p, q(table), key, columns, after, limit);
      return query(st.sql, st.params);
    },
    async counts(table, column) {
      const r = await query(`SELECT COUNT(*) AS n, SUM(${q(column)} LIKE BINARY 'pg1:%') AS pr, SUM(${q(column)} IS NULL) AS nu FROM ${q(table)}`);
      return { rows: Number(r[0]?.n ?? 0), protectedValues: Number(r[0]?.pr ?? 0), nulls: Number(r[0]?.nu ?? 0) };
    },
    async writeBatch(table, key, column, changes) {
      const conn = await pool.getConnection();
      try {
        await conn.beginTransaction();
        let n = 0;
        // One UPDATE per 200 rows instead of one per row: each column is set by a CASE over the rows'
        // keys and old values, and only rows whose (key, old value) still match are touched — the same
        // optimistic check as a row-at-a-time UPDATE … WHERE key = ? AND column = old. MySQL applies
        // SET assignments left to right on the updated row, so the protected column, which the
        // conditions read, is assigned last.
        const names = Object.keys(changes[0]?.set ?? {}).sort((x, y) => Number(x === column) - Number(y === column));
        const keyCond = key.map((k) => `${q(k)} = ?`).join(" AND ");
        for (let i = 0; i < changes.length; i += MYSQL_ROWS_PER_UPDATE) {
          const part = changes.slice(i, i + MYSQL_ROWS_PER_UPDATE);
          const params: unknown[] = [];
          const sets = names.map((c) => {
            const whens = part.map((ch) => {
              params.push(...ch.key, ch.old, ch.set[c] ?? null);
              return `WHEN ${keyCond} AND ${q(column)} = ? THEN ?`;
            });
            return `${q(c)} = CASE ${whens.join(" ")} ELSE ${q(c)} END`;
          });
          const tuples = part.map((ch) => {
            params.push(...ch.key, ch.old);
            return `(${[...key.map(() => "?"), "?"].join(", ")})`;
          });
          const sql = `UPDATE ${q(table)} SET ${sets.join(", ")} WHERE (${[...key.map(q), q(column)].join(", ")}) IN (${tuples.join(", ")})`;
          const [res] = await conn.query(sql, params);
          n += (res as mysql.ResultSetHeader).affectedRows;
        }
        await conn.commit();
        return n;
      } catch (e) {
        await conn.rollback().catch(() => undefined);
        throw e;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------- SQLite

function sqliteSql(connection: string): ColumnSql {
  const db = new Database(connection.replace(/^(sqlite|file):(\/\/)?/, ""), { fileMustExist: true });
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const q = ansiQuote;
  const p = () => "?";
  const bind = (v: CellValue) => (typeof v === "boolean" ? (v ? 1 : 0) : v);
  const all = (sql: string, params: CellValue[] = []) => db.prepare(sql).all(...params.map(bind)) as Rows;
  return {
    engine: "sqlite",
    async describe(table, column) {
      const t = all("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
      if (t.length === 0) return undefined;
      const info = all(`PRAGMA table_info(${q(table)})`) as { name: string; type: string; pk: number }[];
      const columns = info.map((c) => c.name);
      const col = info.find((c) => c.name === column);
      if (!col) return { column: undefined, columns };
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const fkOut = (all(`PRAGMA foreign_key_list(${q(table)})`) as { from: string }[]).some((f) => f.from === column);
      const others = (all("SELECT name FROM sqlite_master WHERE type = 'table'") as { name: string }[]).map((r) => r.name);
      const fkIn = others.some((o) =>
        (all(`PRAGMA foreign_key_list(${q(o)})`) as { table: string; to: string | null }[]).some((f) => f.table === table && f.to === column),
      );
      const unique = (all(`PRAGMA index_list(${q(table)})`) as { name: string; unique: number }[])
        .filter((i) => i.unique === 1)
        .some((i) => (all(`PRAGMA index_info(${q(i.name)})`) as { name: string }[]).some((c) => c.name === column));
      const type = col.type.toUpperCase();
      // SQLite affinity rules: a declared type containing CHAR, CLOB or TEXT has TEXT affinity.
      const textual = /CHAR|CLOB|TEXT/.test(type);
      const len = /\((\d+)\)/.exec(type)?.[1];
      return {
        columns,
        column: {
          type: col.type,
          textual,
          maxLength: len ? Number(len) : null,
          primaryKey,
          inKey: col.pk > 0 || fkOut || fkIn || unique,
          dependentViews: [],
          attributes: "",
        },
      };
    },
    async setType() {
      // SQLite does not enforce declared lengths: nothing to widen or restore.
    },
    async addIndexColumn(table, column, index) {
      const info = all(`PRAGMA table_info(${q(table)})`) as { name: string }[];
      if (!info.some((c) => c.name === column)) db.exec(`ALTER TABLE ${q(table)} ADD COLUMN ${q(column)} TEXT`);
      db.exec(`CREATE INDEX IF NOT EXISTS ${q(index)} ON ${q(table)} (${q(column)})`);
    },
    async dropIndexColumn(table, column, index) {
      db.exec(`DROP INDEX IF EXISTS ${q(index)}`);
      const info = all(`PRAGMA table_info(${q(table)})`) as { name: string }[];
      if (info.some((c) => c.name === column)) db.exec(`ALTER TABLE ${q(table)} DROP COLUMN ${q(column)}`);
    },
    async readBatch(table, key, columns, after, limit) {
      const st = selectBatchSql(q, p, q(table), key, columns, after, limit);
      return all(st.sql, st.params as CellValue[]);
    },
    async counts(table, column) {
      const r = all(
        `SELECT COUNT(*) AS n, COALESCE(SUM(substr(${q(column)}, 1, 4) = 'pg1:'), 0) AS pr, COALESCE(SUM(${q(column)} IS NULL), 0) AS nu FROM ${q(table)}`,
      );
      return { rows: Number(r[0]?.n ?? 0), protectedValues: Number(r[0]?.pr ?? 0), nulls: Number(r[0]?.nu ?? 0) };
    },
    async writeBatch(table, key, column, changes) {
      let n = 0;
      db.transaction(() => {
        for (const c of changes) {
          const st = updateRowSql(q, p, q(table), key, column, c.set);
          n += db.prepare(st.sql).run(...[...st.names.map((k) => c.set[k] ?? null), ...c.key, c.old].map(bind)).changes;
        }
      }).immediate();
      return n;
    },
    close: async () => {
      db.close();
    },
  };
}
