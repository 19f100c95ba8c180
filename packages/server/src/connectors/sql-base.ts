/** SQL text shared by the PostgreSQL, MySQL/MariaDB and SQLite connectors. */
import type { CellValue, Row } from "@pipguard/core";
import type { RowFilter } from "./types.js";

/** The per-engine spelling of identifiers and placeholders. */
export interface SqlDialect {
  /** Quotes an identifier (never a value). */
  quote(identifier: string): string;
  /** The placeholder for the n-th (1-based) parameter, whose value is `value`. */
  param(n: number, value?: CellValue): string;
}

/** Double-quote quoting (PostgreSQL, SQLite). */
export const ansiQuote = (id: string): string => `"${id.replaceAll('"', '""')}"`;

/** Backtick quoting (MySQL/MariaDB). */
export const mysqlQuote = (id: string): string => `\`${id.replaceAll("`", "``")}\``;

/** Largest number of key tuples in one statement (keeps under every engine's parameter limit). */
export const CHUNK = 500;

/** Splits a list into chunks of at most `n`. */
export function chunks<T>(items: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** A WHERE clause and its parameters for a filter; parameters start at `first`. */
export function whereClause(d: SqlDialect, filter: RowFilter, first = 1): { sql: string; params: CellValue[] } {
  if (filter.kind === "eq") {
    const c = d.quote(filter.column);
    return filter.caseInsensitive
      ? { sql: `lower(${c}) = lower(${d.param(first)})`, params: [filter.value] }
      : { sql: `${c} = ${d.param(first)}`, params: [filter.value] };
  }
  const tuples = filter.tuples.filter((t) => t.every((v) => v !== null));
  if (tuples.length === 0) return { sql: "1 = 0", params: [] };
  const params: CellValue[] = [];
  if (filter.columns.length === 1) {
    const marks = tuples.map((t) => {
      params.push(t[0] as CellValue);
      return d.param(first + params.length - 1);
    });
    return { sql: `${d.quote(filter.columns[0] as string)} IN (${marks.join(", ")})`, params };
  }
  const ors = tuples.map((t) => {
    const ands = filter.columns.map((c, i) => {
      params.push(t[i] as CellValue);
      return `${d.quote(c)} = ${d.param(first + params.length - 1)}`;
    });
    return `(${ands.join(" AND ")})`;
  });
  return { sql: `(${ors.join(" OR ")})`, params };
}

/** An UPDATE by key; `target` is the already-quoted table name. */
export function updateSql(d: SqlDialect, target: string, key: Row, set: Row): { sql: string; params: CellValue[] } {
  const params: CellValue[] = [];
  const sets = Object.entries(set).map(([c, v]) => {
    params.push(v);
    return `${d.quote(c)} = ${d.param(params.length)}`;
  });
  const keyCols = Object.keys(key);
  const where = whereClause(d, { kind: "in", columns: keyCols, tuples: [keyCols.map((c) => key[c] ?? null)] }, params.length + 1);
  return { sql: `UPDATE ${target} SET ${sets.join(", ")} WHERE ${where.sql}`, params: [...params, ...where.params] };
}

/** A DELETE of the rows matching any key; `target` is the already-quoted table name. */
export function deleteSql(d: SqlDialect, target: string, keyColumns: string[], keys: Row[]): { sql: string; params: CellValue[] } {
  const where = whereClause(d, { kind: "in", columns: keyColumns, tuples: keys.map((k) => keyColumns.map((c) => k[c] ?? null)) });
  return { sql: `DELETE FROM ${target} WHERE ${where.sql}`, params: where.params };
}

/** Turns driver values into plain JSON cells (Buffers become base64, Dates ISO strings, bigints strings). */
export function toCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `base64:${v.toString("base64")}`;
  return JSON.stringify(v);
}

/** Normalises a driver row in place (drivers hand out a fresh object per row): only cells that need it are converted. */
export function toRow(r: Record<string, unknown>): Row {
  for (const k in r) {
    const v = r[k];
    if (v === undefined || (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")) r[k] = toCell(v);
  }
  return r as Row;
}
