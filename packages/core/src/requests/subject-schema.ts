/**
 * The shape of an operator's data store as a connector introspects it, and the dataset file that
 * says which columns identify a data subject and what erasure does to each table.
 * Pure types and checks: the connectors (server/connectors) fill them from the database catalog.
 */
import { DomainError } from "../errors.js";

/** One column of an operator table. */
export interface ColumnInfo {
  name: string;
  /** The engine's type name, lower case (e.g. "character varying", "int", "text"). */
  type: string;
  nullable: boolean;
  /** Character limit of a string column, when the engine declares one. */
  maxLength: number | null;
}

/** A foreign key `table(columns) → refTable(refColumns)`; declared in the database or in the dataset. */
export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/**
 * A logical table. Partitions (PostgreSQL declarative partitions or inheritance children, e.g.
 * Sakila's payment_p2007_01…) are folded into their root: reading the root reads every partition.
 */
export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Physical child tables whose rows a read of this table also returns. */
  partitions: string[];
}

/** Tables and foreign keys of one store. */
export interface SchemaModel {
  tables: TableInfo[];
  foreignKeys: ForeignKey[];
}

/** A column value as the connectors read and write it. */
export type CellValue = string | number | boolean | null;
/** One row: column → value. */
export type Row = Record<string, CellValue>;

/** Finds a table by name or throws NOT_FOUND (the name is the operator's, not PI). */
export function tableOf(schema: SchemaModel, name: string): TableInfo {
  const t = schema.tables.find((x) => x.name === name);
  if (!t) throw new DomainError("NOT_FOUND", `table ${name} is not in the store`);
  return t;
}

/**
 * Folds partition children into their roots: the children disappear from `tables`, their foreign
 * keys are re-pointed at the root and duplicates (the same columns to the same target) collapse.
 * `parentOf` maps each child table to its direct parent.
 */
export function foldPartitions(tables: TableInfo[], foreignKeys: ForeignKey[], parentOf: Map<string, string>): SchemaModel {
  const root = (name: string): string => {
    let n = name;
    for (let guard = 0; parentOf.has(n) && guard < 64; guard++) n = parentOf.get(n) as string;
    return n;
  };
  const roots = new Map<string, TableInfo>();
  for (const t of tables) if (!parentOf.has(t.name)) roots.set(t.name, { ...t, partitions: [...t.partitions] });
  for (const t of tables) {
    if (!parentOf.has(t.name)) continue;
    const r = roots.get(root(t.name));
    if (!r) continue;
    r.partitions.push(t.name);
    // Inheritance parents often carry no primary key of their own; the children do.
    if (r.primaryKey.length === 0 && t.primaryKey.length > 0) r.primaryKey = [...t.primaryKey];
  }
  const seen = new Set<string>();
  const fks: ForeignKey[] = [];
  for (const fk of foreignKeys) {
    const f = { ...fk, table: root(fk.table), refTable: root(fk.refTable) };
    const sig = `${f.table}(${f.columns.join(",")})>${f.refTable}(${f.refColumns.join(",")})`;
    if (seen.has(sig) || !roots.has(f.table) || !roots.has(f.refTable)) continue;
    seen.add(sig);
    fks.push(f);
  }
  for (const r of roots.values()) r.partitions.sort();
  return { tables: [...roots.values()].sort((a, b) => a.name.localeCompare(b.name)), foreignKeys: fks };
}
