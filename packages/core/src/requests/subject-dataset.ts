/**
 * The dataset file of a store: which columns identify a data subject and what erasure does to each
 * table. It is YAML on disk (docs/examples/sakila-dataset.yaml); the server parses the YAML and
 * hands the plain object to `parseDataset`, which checks it against the introspected schema.
 */
import { DomainError } from "../errors.js";
import type { ForeignKey, SchemaModel } from "./subject-schema.js";

/** How one column is anonymised (匿名化/去标识化, PIPL Art. 73(4)). */
export type ColumnAction =
  | { op: "null" }
  | { op: "fixed"; value: string | number | boolean }
  /** Keyed hash (HMAC-SHA-256 under a pipguard key): rows stay linkable, the value is gone. */
  | { op: "hash"; length?: number }
  /** Keeps the first/last characters and masks the rest. */
  | { op: "mask"; keepStart: number; keepEnd: number; char: string };

/**
 * What erasure does to a table's rows of the subject.
 * - delete: the rows go (PIPL Art. 47 ¶1 删除).
 * - anonymise: the rows stay (other records point at them) with the listed columns rewritten.
 * - retain: a law requires keeping them (PIPL Art. 47 ¶2, e.g. accounting records under the
 *   Accounting Law); they are kept, optionally with columns anonymised, and reported as restricted
 *   (限制处理: only storage and security measures from now on).
 * - reference: shared reference data (city, film…); traversal never enters it.
 */
export type TableAction =
  | { action: "delete" }
  | { action: "anonymise"; columns: Record<string, ColumnAction> }
  | { action: "retain"; legalBasis: string; columns: Record<string, ColumnAction> }
  | { action: "reference" };

/** A column whose value identifies the subject (e.g. customer.email). */
export interface IdentityColumn {
  /** What the value is: the CLI's --email matches identities of kind "email". */
  kind: string;
  table: string;
  column: string;
  /** E-mail addresses match case-insensitively unless the file says otherwise. */
  caseInsensitive: boolean;
}

/** A parsed dataset file. */
export interface SubjectDataset {
  identities: IdentityColumn[];
  tables: Record<string, TableAction>;
  /** Relations the database does not declare (files, MyISAM tables), added to the introspected ones. */
  relations: ForeignKey[];
  /**
   * Foreign keys (`table.column`) traversal does not follow, e.g. a redundant path to rows that
   * another key already reaches, over a column without an index.
   */
  ignoreRelations: string[];
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (path: string, message: string): never => {
  throw new DomainError("VALIDATION_FAILED", `dataset ${path}: ${message}`, { path });
};

function parseColumnAction(v: unknown, path: string): ColumnAction {
  if (v === null || v === "null") return { op: "null" };
  if (v === "hash") return { op: "hash" };
  if (!isObj(v)) return bad(path, "expected null, hash, {fixed}, {hash} or {mask}");
  if ("fixed" in v) {
    const value = v.fixed;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return bad(path, "fixed must be a scalar");
    return { op: "fixed", value };
  }
  if ("hash" in v) {
    const length = isObj(v.hash) ? v.hash.length : undefined;
    if (length !== undefined && (typeof length !== "number" || length < 8)) return bad(path, "hash.length must be a number ≥ 8");
    return length === undefined ? { op: "hash" } : { op: "hash", length };
  }
  if ("mask" in v) {
    const m = isObj(v.mask) ? v.mask : {};
    const keepStart = m.keepStart ?? 0;
    const keepEnd = m.keepEnd ?? 0;
    const char = m.char ?? "*";
    if (typeof keepStart !== "number" || typeof keepEnd !== "number" || typeof char !== "string" || char.length !== 1) {
      return bad(path, "mask needs numeric keepStart/keepEnd and a one-character char");
    }
    return { op: "mask", keepStart, keepEnd, char };
  }
  return bad(path, "unknown column action");
}

function parseColumns(v: unknown, path: string): Record<string, ColumnAction> {
  if (v === undefined) return {};
  if (!isObj(v)) return bad(path, "columns must be a mapping");
  return Object.fromEntries(Object.entries(v).map(([c, a]) => [c, parseColumnAction(a, `${path}.${c}`)]));
}

function parseTableAction(v: unknown, path: string): TableAction {
  if (v === "reference" || v === "delete") return { action: v };
  if (!isObj(v)) return bad(path, "expected reference, delete or a mapping with action");
  switch (v.action) {
    case "delete":
    case "reference":
      return { action: v.action };
    case "anonymise":
      return { action: "anonymise", columns: parseColumns(v.columns, `${path}.columns`) };
    case "retain": {
      if (typeof v.legalBasis !== "string" || v.legalBasis.trim() === "") return bad(path, "retain needs a legalBasis (PIPL Art. 47)");
      return { action: "retain", legalBasis: v.legalBasis, columns: parseColumns(v.columns, `${path}.columns`) };
    }
    default:
      return bad(`${path}.action`, "must be delete, anonymise, retain or reference");
  }
}

function parseRelation(v: unknown, path: string): ForeignKey {
  if (!isObj(v) || typeof v.from !== "string" || typeof v.to !== "string") return bad(path, "a relation is {from: table.column, to: table.column}");
  const [table, column] = v.from.split(".");
  const [refTable, refColumn] = v.to.split(".");
  if (!table || !column || !refTable || !refColumn) return bad(path, "from/to must read table.column");
  return { name: `dataset:${v.from}>${v.to}`, table, columns: [column], refTable, refColumns: [refColumn] };
}

/** Checks a dataset file's parsed YAML/JSON and returns it typed; VALIDATION_FAILED names the path. */
export function parseDataset(raw: unknown): SubjectDataset {
  if (!isObj(raw)) return bad("", "must be a mapping");
  if (!isObj(raw.identity)) return bad("identity", "must map a kind (email, phone…) to table.column");
  const identities: IdentityColumn[] = [];
  for (const [kind, v] of Object.entries(raw.identity)) {
    const spec = typeof v === "string" ? { column: v } : isObj(v) ? v : bad(`identity.${kind}`, "expected table.column");
    const [table, column] = String(spec.column ?? "").split(".");
    if (!table || !column) return bad(`identity.${kind}`, "column must read table.column");
    const ci = spec.caseInsensitive ?? kind === "email";
    identities.push({ kind, table, column, caseInsensitive: ci === true });
  }
  if (!isObj(raw.tables)) return bad("tables", "must be a mapping of table → action");
  const tables = Object.fromEntries(Object.entries(raw.tables).map(([t, a]) => [t, parseTableAction(a, `tables.${t}`)]));
  const rels = raw.relations === undefined ? [] : Array.isArray(raw.relations) ? raw.relations : bad("relations", "must be a list");
  const ignore = raw.ignoreRelations === undefined ? [] : Array.isArray(raw.ignoreRelations) ? raw.ignoreRelations : bad("ignoreRelations", "must be a list");
  for (const [i, r] of ignore.entries()) if (typeof r !== "string" || !/^[^.]+\.[^.]+$/.test(r)) bad(`ignoreRelations[${i}]`, "must read table.column");
  return { identities, tables, relations: rels.map((r, i) => parseRelation(r, `relations[${i}]`)), ignoreRelations: ignore as string[] };
}

/**
 * Checks a dataset against the store's schema: every named table and column exists, no NOT NULL
 * column is set to null, no table is deleted while a retained or anonymised table still points at
 * it. Returns the schema with the dataset's relations added.
 */
export function bindDataset(ds: SubjectDataset, schema: SchemaModel): SchemaModel {
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const col = (table: string, column: string, path: string) => {
    const t = byName.get(table) ?? bad(path, `table ${table} is not in the store`);
    return t.columns.find((c) => c.name === column) ?? bad(path, `column ${table}.${column} is not in the store`);
  };
  for (const id of ds.identities) col(id.table, id.column, `identity.${id.kind}`);
  for (const [t, a] of Object.entries(ds.tables)) {
    // One dataset may serve the same schema on several engines (Sakila's film_text exists only in
    // MySQL/SQLite), so a missing `reference` table is harmless; any other missing table is a typo.
    if (!byName.has(t) && a.action !== "reference") bad(`tables.${t}`, `table ${t} is not in the store`);
    if (a.action !== "anonymise" && a.action !== "retain") continue;
    for (const [c, op] of Object.entries(a.columns)) {
      const info = col(t, c, `tables.${t}.columns.${c}`);
      if (op.op === "null" && !info.nullable) bad(`tables.${t}.columns.${c}`, "column is NOT NULL; use fixed or hash");
    }
  }
  for (const r of ds.ignoreRelations) {
    const [t, c] = r.split(".") as [string, string];
    if (byName.has(t)) col(t, c, `ignoreRelations.${r}`);
  }
  for (const r of ds.relations) {
    col(r.table, r.columns[0] as string, `relations.${r.name}`);
    col(r.refTable, r.refColumns[0] as string, `relations.${r.name}`);
  }
  const foreignKeys = [...schema.foreignKeys, ...ds.relations];
  for (const fk of foreignKeys) {
    const parent = ds.tables[fk.refTable];
    const child = ds.tables[fk.table];
    if (parent?.action === "delete" && child && (child.action === "retain" || child.action === "anonymise")) {
      bad(`tables.${fk.refTable}`, `cannot delete ${fk.refTable} while ${fk.table} keeps rows that reference it (${fk.name})`);
    }
  }
  return { tables: schema.tables, foreignKeys };
}
