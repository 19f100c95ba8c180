/**
 * Traversal rules and the erasure planner for a data subject's rows in one operator store.
 * The server's connectors do the reads; these functions decide which edges to follow and what to
 * change, so the rules are unit-tested without a database.
 */
import { DomainError } from "../errors.js";
import type { ColumnAction, SubjectDataset } from "./subject-dataset.js";
import type { ForeignKey, Row, SchemaModel } from "./subject-schema.js";

/**
 * How a table's rows were reached:
 * - identity: the identity column holds the subject's value (customer.email = …);
 * - child: the row references a row of the subject (rental.customer_id → customer);
 * - parent: a row of the subject references it and nothing else does (customer.address_id → address).
 */
export type Reach = "identity" | "child" | "parent";

/** The rows of one table that belong to the subject. */
export interface FoundTable {
  table: string;
  reach: Reach;
  rows: Row[];
}

/** Traversal edges: `children[t]` are FKs pointing at t; `parents[t]` are FKs from t to a parent. */
export interface TraversalEdges {
  children: Map<string, ForeignKey[]>;
  parents: Map<string, ForeignKey[]>;
}

/**
 * The traversal rule.
 * 1. Start at the identity rows.
 * 2. From a row the subject owns (identity or child), follow every FK that points at it to the
 *    referencing rows (rentals, payments): they exist because of the subject.
 * 3. From an owned row, follow its own FKs to a parent row only when (a) the dataset does not mark
 *    the parent table `reference`, and (b) the caller finds that no row outside the subject's set
 *    references that parent row (`isExclusiveParent`). A customer's own address qualifies; a city,
 *    a store or a film never does — (a) stops them by name, (b) by data even when unmarked.
 * 4. Parent rows are leaves: nothing is followed from them, so an address never leads to other
 *    people living there.
 * Tables marked `reference` are never entered in either direction, and keys listed in the
 * dataset's `ignoreRelations` are not followed.
 */
export function traversalEdges(schema: SchemaModel, ds: SubjectDataset): TraversalEdges {
  const isRef = (t: string) => ds.tables[t]?.action === "reference";
  const children = new Map<string, ForeignKey[]>();
  const parents = new Map<string, ForeignKey[]>();
  const ignored = new Set(ds.ignoreRelations);
  for (const fk of schema.foreignKeys) {
    if (isRef(fk.table) || isRef(fk.refTable) || fk.table === fk.refTable) continue;
    if (fk.columns.length === 1 && ignored.has(`${fk.table}.${fk.columns[0]}`)) continue;
    children.set(fk.refTable, [...(children.get(fk.refTable) ?? []), fk]);
    parents.set(fk.table, [...(parents.get(fk.table) ?? []), fk]);
  }
  return { children, parents };
}

/** True when no row outside the subject's set references the parent row (rule 3b). */
export function isExclusiveParent(referencingKeys: string[], ownedKeys: ReadonlySet<string>): boolean {
  return referencingKeys.every((k) => ownedKeys.has(k));
}

/** A stable string for a key tuple (used to de-duplicate rows and compare sets). */
export function keyString(row: Row, columns: string[]): string {
  return JSON.stringify(columns.map((c) => row[c] ?? null));
}

/** What erasure does to one table, for the dry-run and the report. */
export interface TablePlan {
  table: string;
  reach: Reach;
  rows: number;
  action: "delete" | "anonymise" | "retain" | "unmapped";
  columns: string[];
  legalBasis: string | null;
}

/** One change, applied by primary key inside the store's transaction. */
export type ErasureStep =
  | { kind: "update"; table: string; keyColumns: string[]; rows: Row[]; set: Record<string, ColumnAction> }
  | { kind: "delete"; table: string; keyColumns: string[]; rows: Row[] };

/** The rows kept under a legal duty; the request workflow records them as restricted (限制处理). */
export interface RestrictedRows {
  table: string;
  legalBasis: string;
  keyColumns: string[];
  keys: Row[];
}

/** The whole erasure of one subject in one store. */
export interface ErasurePlan {
  tables: TablePlan[];
  steps: ErasureStep[];
  restricted: RestrictedRows[];
  /** Tables the traversal reached that the dataset does not map: left unchanged, shown to the operator. */
  unmapped: string[];
}

/**
 * Turns the found rows into ordered changes: all updates first, then deletes with referencing
 * tables before the tables they reference, so no foreign key is ever violated mid-transaction.
 */
export function planErasure(input: { schema: SchemaModel; dataset: SubjectDataset; found: FoundTable[] }): ErasurePlan {
  const { schema, dataset, found } = input;
  const tables: TablePlan[] = [];
  const updates: ErasureStep[] = [];
  const deletes: ErasureStep[] = [];
  const restricted: RestrictedRows[] = [];
  const unmapped: string[] = [];
  for (const f of found) {
    if (f.rows.length === 0) continue;
    const a = dataset.tables[f.table];
    const keyColumns = schema.tables.find((t) => t.name === f.table)?.primaryKey ?? [];
    const needsKey = a && a.action !== "reference" && (a.action === "delete" || Object.keys(a.columns).length > 0);
    if (needsKey && keyColumns.length === 0) {
      throw new DomainError("CONFLICT", `table ${f.table} has no primary key; declare one before erasing from it`, { table: f.table });
    }
    const keys = f.rows.map((r) => Object.fromEntries(keyColumns.map((c) => [c, r[c] ?? null])) as Row);
    if (!a || a.action === "reference") {
      unmapped.push(f.table);
      tables.push({ table: f.table, reach: f.reach, rows: f.rows.length, action: "unmapped", columns: [], legalBasis: null });
      continue;
    }
    const columns = a.action === "delete" ? [] : Object.keys(a.columns);
    tables.push({ table: f.table, reach: f.reach, rows: f.rows.length, action: a.action, columns, legalBasis: a.action === "retain" ? a.legalBasis : null });
    if (a.action === "delete") deletes.push({ kind: "delete", table: f.table, keyColumns, rows: keys });
    else if (columns.length > 0) updates.push({ kind: "update", table: f.table, keyColumns, rows: keys, set: a.columns });
    // PIPL Art. 47 ¶2: kept by law → processing stops except storage and security.
    if (a.action === "retain") restricted.push({ table: f.table, legalBasis: a.legalBasis, keyColumns, keys });
  }
  return { tables, steps: [...updates, ...orderDeletes(deletes, schema.foreignKeys)], restricted, unmapped };
}

/** Referencing tables first (a topological order over the FKs among the deleted tables). */
function orderDeletes(steps: ErasureStep[], fks: ForeignKey[]): ErasureStep[] {
  const names = new Set(steps.map((s) => s.table));
  const out: ErasureStep[] = [];
  const done = new Set<string>();
  const visit = (s: ErasureStep, stack: Set<string>) => {
    if (done.has(s.table) || stack.has(s.table)) return;
    stack.add(s.table);
    for (const fk of fks) {
      if (fk.refTable !== s.table || fk.table === s.table || !names.has(fk.table)) continue;
      const child = steps.find((x) => x.table === fk.table);
      if (child) visit(child, stack);
    }
    done.add(s.table);
    out.push(s);
  };
  for (const s of steps) visit(s, new Set());
  return out;
}

/** Masks a string, keeping `keepStart` leading and `keepEnd` trailing characters. */
export function maskColumnValue(value: string, m: { keepStart: number; keepEnd: number; char: string }): string {
  const chars = [...value];
  if (chars.length <= m.keepStart + m.keepEnd) return m.char.repeat(chars.length);
  return chars.map((c, i) => (i < m.keepStart || i >= chars.length - m.keepEnd ? c : m.char)).join("");
}

/** The prefix of keyed-hash output; a value already carrying it is not hashed again (idempotent erasure). */
export const HASH_PREFIX = "anon_";
