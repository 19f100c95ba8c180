/** The `protected_columns` table: which operator columns are protected, and where a run stopped. */
import type { CellValue } from "@pipguard/core";
import type { CipherAlgorithm } from "../crypto/cipher-suites.js";
import type { Db } from "../storage/db.js";

/** protecting / unprotecting / rekeying: a pass under way (or stopped; run again to resume). */
export type ProtectStatus = "protecting" | "protected" | "unprotecting" | "rekeying";

/** One protected column of a catalog data store. */
export interface ProtectedColumn {
  id: string;
  storeId: string;
  table: string;
  column: string;
  scheme: CipherAlgorithm;
  keyId: string;
  indexColumn: string;
  /** Engine-specific type restored by undo; null when the column was not widened. */
  originalType: string | null;
  /** Declared length before widening (what the connectors report for the column). */
  maxLength: number | null;
  status: ProtectStatus;
  /** Primary key of the last row done in the current pass (resume point). */
  cursor: CellValue[] | null;
  rowsDone: number;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

function toColumn(r: Row): ProtectedColumn {
  return {
    id: String(r.id),
    storeId: String(r.store_id),
    table: String(r.table_name),
    column: String(r.column_name),
    scheme: r.scheme as CipherAlgorithm,
    keyId: String(r.key_id),
    indexColumn: String(r.index_column),
    originalType: (r.original_type as string | null) ?? null,
    maxLength: r.max_length === null || r.max_length === undefined ? null : Number(r.max_length),
    status: r.status as ProtectStatus,
    cursor: r.cursor ? (JSON.parse(String(r.cursor)) as CellValue[]) : null,
    rowsDone: Number(r.rows_done),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

/** Repository of protected columns. */
export class ProtectedColumnRepo {
  constructor(private readonly db: Db) {}

  /** Every protected column, or those of one store. */
  async list(storeId?: string): Promise<ProtectedColumn[]> {
    let q = this.db.kysely.selectFrom("protected_columns").selectAll();
    if (storeId) q = q.where("store_id", "=", storeId);
    return (await q.orderBy("store_id").orderBy("table_name").orderBy("column_name").execute()).map((r) => toColumn(r as Row));
  }

  /** The state of one column, if it is (being) protected. */
  async get(storeId: string, table: string, column: string): Promise<ProtectedColumn | undefined> {
    const r = await this.db.kysely
      .selectFrom("protected_columns")
      .selectAll()
      .where("store_id", "=", storeId)
      .where("table_name", "=", table)
      .where("column_name", "=", column)
      .executeTakeFirst();
    return r ? toColumn(r as Row) : undefined;
  }

  /** Records a column about to be protected (before any change to the store, so a crash can resume). */
  async insert(c: ProtectedColumn): Promise<void> {
    await this.db.kysely
      .insertInto("protected_columns")
      .values({
        id: c.id,
        store_id: c.storeId,
        table_name: c.table,
        column_name: c.column,
        scheme: c.scheme,
        key_id: c.keyId,
        index_column: c.indexColumn,
        original_type: c.originalType,
        max_length: c.maxLength,
        status: c.status,
        cursor: c.cursor ? JSON.stringify(c.cursor) : null,
        rows_done: c.rowsDone,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  /** Saves the status and resume point (and, at the end of a rekey pass, the column's new key). */
  async progress(id: string, p: { status: ProtectStatus; cursor: CellValue[] | null; rowsDone: number; now: string; keyId?: string }): Promise<void> {
    await this.db.kysely
      .updateTable("protected_columns")
      .set({
        status: p.status,
        cursor: p.cursor ? JSON.stringify(p.cursor) : null,
        rows_done: p.rowsDone,
        updated_at: p.now,
        ...(p.keyId ? { key_id: p.keyId } : {}),
      })
      .where("id", "=", id)
      .execute();
  }

  /** Forgets a column once undo has restored it. */
  async remove(id: string): Promise<void> {
    await this.db.kysely.deleteFrom("protected_columns").where("id", "=", id).execute();
  }
}
