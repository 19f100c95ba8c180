/**
 * Finding and erasing one data subject's rows in one store, over any connector. The traversal
 * rules and the plan come from core (subject-plan.ts); this file does the reads and the writes.
 */
import {
  bindDataset,
  type CellValue,
  type ColumnAction,
  DomainError,
  type ErasurePlan,
  type FoundTable,
  HASH_PREFIX,
  isExclusiveParent,
  keyString,
  maskColumnValue,
  planErasure,
  type Reach,
  type Row,
  type SchemaModel,
  type SubjectDataset,
  type TablePlan,
  traversalEdges,
} from "@pipguard/core";
import type { Connector } from "./types.js";

/** Who to look for: an identity kind of the dataset (email, phone…) and its value. */
export interface SubjectQuery {
  kind: string;
  value: string;
}

/** Every row of the subject, per table; `partitions` counts rows per physical partition. */
export interface SubjectFindResult {
  tables: { table: string; reach: Reach; rows: Row[]; partitions?: Record<string, number> }[];
  totalRows: number;
}

interface Found {
  schema: SchemaModel;
  tables: Map<string, { reach: Reach; rows: Map<string, Row>; partitions: Record<string, number> }>;
}

const keyCols = (schema: SchemaModel, table: string): string[] => {
  const t = schema.tables.find((x) => x.name === table);
  return t && t.primaryKey.length > 0 ? t.primaryKey : (t?.columns.map((c) => c.name) ?? []);
};

/** Reads every row of the subject (identity rows, rows referencing them, exclusive parents). */
async function collect(conn: Connector, dataset: SubjectDataset, q: SubjectQuery): Promise<Found> {
  const schema = bindDataset(dataset, await conn.introspect());
  const ids = dataset.identities.filter((i) => i.kind === q.kind);
  if (ids.length === 0) throw new DomainError("VALIDATION_FAILED", `the dataset names no ${q.kind} identity column`);
  const edges = traversalEdges(schema, dataset);
  const found: Found = { schema, tables: new Map() };
  const add = (table: string, reach: Reach, rows: Row[], parts?: string[]): Row[] => {
    if (rows.length === 0) return [];
    const entry = found.tables.get(table) ?? found.tables.set(table, { reach, rows: new Map(), partitions: {} }).get(table);
    if (!entry) return [];
    const cols = keyCols(schema, table);
    const fresh: Row[] = [];
    rows.forEach((r, i) => {
      const k = keyString(r, cols);
      if (entry.rows.has(k)) return;
      entry.rows.set(k, r);
      fresh.push(r);
      const p = parts?.[i];
      if (p) entry.partitions[p] = (entry.partitions[p] ?? 0) + 1;
    });
    return fresh;
  };
  // Rules 1–2 (subject-plan.ts traversalEdges): identity rows, then rows referencing owned rows.
  const frontier: { table: string; rows: Row[] }[] = [];
  for (const id of ids) {
    const r = await conn.select(id.table, { kind: "eq", column: id.column, value: q.value, caseInsensitive: id.caseInsensitive });
    frontier.push({ table: id.table, rows: add(id.table, "identity", r.rows, r.partitions) });
  }
  while (frontier.length > 0) {
    const { table, rows } = frontier.shift() as { table: string; rows: Row[] };
    if (rows.length === 0) continue;
    for (const fk of edges.children.get(table) ?? []) {
      const tuples = distinct(rows.map((r) => fk.refColumns.map((c) => r[c] ?? null)));
      const r = await conn.select(fk.table, { kind: "in", columns: fk.columns, tuples });
      frontier.push({ table: fk.table, rows: add(fk.table, found.tables.get(fk.table)?.reach ?? "child", r.rows, r.partitions) });
    }
  }
  // Rule 3: parents of owned rows that nothing outside the subject's rows references.
  const owned = new Set<string>();
  for (const [t, e] of found.tables) for (const k of e.rows.keys()) owned.add(`${t}:${k}`);
  for (const [table, entry] of [...found.tables]) {
    for (const fk of edges.parents.get(table) ?? []) {
      // A table the subject owns rows of is not a parent (payment → rental); another parent path may add rows.
      const seen = found.tables.get(fk.refTable);
      if (seen && seen.reach !== "parent") continue;
      const tuples = distinct([...entry.rows.values()].map((r) => fk.columns.map((c) => r[c] ?? null)));
      const parents = (await conn.select(fk.refTable, { kind: "in", columns: fk.refColumns, tuples })).rows;
      const exclusive: Row[] = [];
      for (const p of parents) if (await isOnlyReferencedBySubject(conn, schema, fk.refTable, p, owned)) exclusive.push(p);
      add(fk.refTable, "parent", exclusive);
    }
  }
  return found;
}

/** Rule 3b: every row referencing `parent` (through any FK in the store) is one of the subject's rows. */
async function isOnlyReferencedBySubject(conn: Connector, schema: SchemaModel, parentTable: string, parent: Row, owned: Set<string>): Promise<boolean> {
  for (const fk of schema.foreignKeys.filter((f) => f.refTable === parentTable)) {
    const tuple = fk.refColumns.map((c) => parent[c] ?? null);
    const refs = (await conn.select(fk.table, { kind: "in", columns: fk.columns, tuples: [tuple] })).rows;
    const cols = keyCols(schema, fk.table);
    if (
      !isExclusiveParent(
        refs.map((r) => keyString(r, cols)),
        new Set([...owned].filter((k) => k.startsWith(`${fk.table}:`)).map((k) => k.slice(fk.table.length + 1))),
      )
    ) {
      return false;
    }
  }
  return true;
}

function distinct(tuples: CellValue[][]): CellValue[][] {
  const seen = new Map<string, CellValue[]>();
  for (const t of tuples) if (t.every((v) => v !== null)) seen.set(JSON.stringify(t), t);
  return [...seen.values()];
}

/**
 * Turns a driver error into a DomainError that carries no row values (driver messages may quote a
 * key or a value): CONFLICT when the store refused a change (a constraint — needs the operator),
 * SERVICE_UNAVAILABLE otherwise (connection, lock, timeout — the caller retries with backoff).
 */
export function storeError(e: unknown, phase: "read" | "erase"): DomainError {
  if (e instanceof DomainError) return e;
  const code = String((e as { code?: unknown })?.code ?? "unknown");
  const constraint =
    /^23\d{3}$/.test(code) ||
    code.startsWith("SQLITE_CONSTRAINT") ||
    /^ER_(ROW_IS_REFERENCED|NO_REFERENCED_ROW|DUP_ENTRY|BAD_NULL|DATA_TOO_LONG|TRUNCATED)/.test(code);
  const what = phase === "read" ? "reading the store failed" : "the erasure was rolled back; the store is unchanged";
  return new DomainError(constraint ? "CONFLICT" : "SERVICE_UNAVAILABLE", `${what} (${code})`, { driverCode: code });
}

/** Every row of the subject in the store, per table (the answer to `subject find` and the access export). */
export async function findSubject(conn: Connector, dataset: SubjectDataset, q: SubjectQuery): Promise<SubjectFindResult> {
  const found = await collect(conn, dataset, q).catch((e) => {
    throw storeError(e, "read");
  });
  const tables = [...found.tables].map(([table, e]) => ({
    table,
    reach: e.reach,
    rows: [...e.rows.values()],
    ...(Object.keys(e.partitions).length > 0 ? { partitions: e.partitions } : {}),
  }));
  return { tables, totalRows: tables.reduce((n, t) => n + t.rows.length, 0) };
}

/** Options of an erasure: `hash` is the keyed hash (HMAC under a pipguard key) for `hash` columns. */
export interface EraseOptions {
  dryRun?: boolean;
  hash: (value: string, place: string) => string;
  /** Names the store in hash places, so the same value hashes differently per store. */
  storeKey: string;
}

/** What an erasure did (or, with dryRun, would do). */
export interface ErasureReport {
  dryRun: boolean;
  tables: TablePlan[];
  restricted: ErasurePlan["restricted"];
  unmapped: string[];
  changed: { table: string; updated: number; deleted: number }[];
}

/**
 * Erases the subject: reads first (the whole traversal), then applies the plan in one transaction
 * of the store. A failure rolls the store back untouched. Re-running a finished erasure changes
 * nothing: the identity no longer matches, and values already fixed/masked/hashed are skipped.
 */
export async function eraseSubject(conn: Connector, dataset: SubjectDataset, q: SubjectQuery, opts: EraseOptions): Promise<ErasureReport> {
  const found = await collect(conn, dataset, q).catch((e) => {
    throw storeError(e, "read");
  });
  const input: FoundTable[] = [...found.tables].map(([table, e]) => ({ table, reach: e.reach, rows: [...e.rows.values()] }));
  const plan = planErasure({ schema: found.schema, dataset, found: input });
  const report: ErasureReport = { dryRun: Boolean(opts.dryRun), tables: plan.tables, restricted: plan.restricted, unmapped: plan.unmapped, changed: [] };
  if (opts.dryRun || plan.steps.length === 0) return report;
  report.changed = await conn
    .transaction(async (tx) => {
      const changed = new Map<string, { table: string; updated: number; deleted: number }>();
      const count = (t: string) => changed.get(t) ?? changed.set(t, { table: t, updated: 0, deleted: 0 }).get(t) ?? { table: t, updated: 0, deleted: 0 };
      for (const step of plan.steps) {
        if (step.kind === "delete") {
          count(step.table).deleted += await tx.delete(step.table, step.keyColumns, step.rows);
          continue;
        }
        const current = found.tables.get(step.table)?.rows;
        for (const key of step.rows) {
          const row = current?.get(keyString(key, step.keyColumns)) ?? {};
          const set = newValues(step.table, row, step.set, found.schema, opts);
          if (Object.keys(set).length > 0) count(step.table).updated += await tx.update(step.table, key, set);
        }
      }
      return [...changed.values()];
    })
    .catch((e) => {
      throw storeError(e, "erase");
    });
  return report;
}

/** The anonymised values of one row, leaving out columns that already hold them (idempotence). */
function newValues(table: string, row: Row, actions: Record<string, ColumnAction>, schema: SchemaModel, opts: EraseOptions): Row {
  const set: Row = {};
  const info = schema.tables.find((t) => t.name === table);
  for (const [column, a] of Object.entries(actions)) {
    const cur = row[column] ?? null;
    let next: CellValue;
    if (a.op === "null") next = null;
    else if (a.op === "fixed") next = a.value;
    else if (cur === null) continue;
    else if (a.op === "mask") next = maskColumnValue(String(cur), a);
    else {
      if (String(cur).startsWith(HASH_PREFIX)) continue;
      const max = a.length ?? info?.columns.find((c) => c.name === column)?.maxLength ?? 64;
      next = `${HASH_PREFIX}${opts.hash(String(cur), `connector:${opts.storeKey}:${table}.${column}`)}`.slice(0, Math.max(max, HASH_PREFIX.length + 8));
    }
    if (String(next ?? "\u0000null") !== String(cur ?? "\u0000null")) set[column] = next;
  }
  return set;
}
