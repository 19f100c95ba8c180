/**
 * Keyset-paged reads for purpose-bound views: selected columns, a structured filter (never SQL text
 * from a user: identifiers are quoted, values parameterised), ordered by the primary key.
 */
import type { CellValue, FilterCondition } from "@pipguard/core";
import type { SqlDialect } from "./sql-base.js";

/** One page of a table. */
export interface ScanQuery {
  columns: string[];
  where: FilterCondition[];
  /** The primary key: rows are ordered by it and `after` continues behind the last key read. */
  keyColumns: string[];
  after: CellValue[] | null;
  limit: number;
}

const OPS: Record<string, string> = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=" };

/** The columns a scan returns, in order: the key, then the rest not already in it. */
export function scanColumns(q: ScanQuery): string[] {
  return [...new Set([...q.keyColumns, ...q.columns])];
}

/** The SELECT text and parameters of a scan; `target` is the already-quoted table name. */
export function scanSql(d: SqlDialect, target: string, q: ScanQuery): { sql: string; params: CellValue[] } {
  const params: CellValue[] = [];
  const p = (v: CellValue) => {
    const value = typeof v === "boolean" ? (v ? 1 : 0) : v;
    params.push(value);
    return d.param(params.length, value);
  };
  const conds: string[] = [];
  for (const c of q.where) {
    const col = d.quote(c.column);
    if (c.op === "is_null") conds.push(`${col} IS NULL`);
    else if (c.op === "not_null") conds.push(`${col} IS NOT NULL`);
    else if (c.op === "in") conds.push(`${col} IN (${(c.values ?? []).map((v) => p(v)).join(", ")})`);
    else conds.push(`${col} ${OPS[c.op]} ${p(c.value ?? null)}`);
  }
  const keys = q.keyColumns.map((k) => d.quote(k));
  if (q.after) conds.push(keys.length === 1 ? `${keys[0]} > ${p(q.after[0] ?? null)}` : `(${keys.join(", ")}) > (${q.after.map((v) => p(v)).join(", ")})`);
  const cols = scanColumns(q)
    .map((c) => d.quote(c))
    .join(", ");
  const where = conds.length > 0 ? ` WHERE ${conds.join(" AND ")}` : "";
  return { sql: `SELECT ${cols} FROM ${target}${where} ORDER BY ${keys.join(", ")} LIMIT ${Math.max(1, Math.floor(q.limit))}`, params };
}
