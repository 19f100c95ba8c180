/**
 * Catalog field suggestions from a sampling scan of a cataloged data store: each column that holds
 * PI becomes a pending suggestion; an admin accepts it (a catalog field is created with the PI type,
 * GB/T 35273 category and sensitivity) or rejects it. Columns already cataloged are not suggested.
 */
import { DomainError } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import type { AppContext } from "../context.js";
import type { DetectTables } from "../storage/tables/detect.js";
import { classifyDatabase } from "./db-scan.js";

/** A suggestion as the API shows it. */
export interface FieldSuggestion {
  id: string;
  storeId: string;
  table: string;
  column: string;
  piType: string;
  category: string;
  sensitive: boolean;
  share: number;
  sampled: number;
  status: "pending" | "accepted" | "rejected";
  fieldId: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = DetectTables["pi_field_suggestions"];

function toSuggestion(r: Row): FieldSuggestion {
  return {
    id: r.id,
    storeId: r.store_id,
    table: r.table_name,
    column: r.column_name,
    piType: r.pi_type,
    category: r.category,
    sensitive: r.sensitive === 1,
    share: r.share_permille / 1000,
    sampled: r.sampled,
    status: r.status as FieldSuggestion["status"],
    fieldId: r.field_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Samples the store's database and records a pending suggestion per PI column; returns the pending ones. */
export async function suggestFields(
  ctx: AppContext,
  storeId: string,
  opts: { table?: string | undefined; sample?: number | undefined } = {},
): Promise<FieldSuggestion[]> {
  const svc = catalogService(ctx);
  const store = await svc.getStore(storeId);
  if (store.kind === "file") throw new DomainError("VALIDATION_FAILED", "column scans need a database store (postgres, mysql or sqlite)");
  const url = await svc.revealConnection(storeId);
  if (!url) throw new DomainError("VALIDATION_FAILED", "the data store has no connection string");
  const cataloged = new Set((await svc.listFields({ storeId })).map((f) => `${f.table}\u0000${f.column}`));
  const found = await classifyDatabase(url, opts);
  const now = ctx.clock.now().toISOString();
  const db = ctx.db.kysely;
  for (const f of found) {
    // uscc: an organisation's code is not PI (a sole trader's is, but that needs a human).
    if (!f.categoryId || cataloged.has(`${f.table}\u0000${f.column}`)) continue;
    const existing = await db
      .selectFrom("pi_field_suggestions")
      .selectAll()
      .where("store_id", "=", storeId)
      .where("table_name", "=", f.table)
      .where("column_name", "=", f.column)
      .executeTakeFirst();
    const values = {
      pi_type: f.type,
      category: f.categoryId,
      sensitive: f.sensitive ? 1 : 0,
      share_permille: Math.round(f.share * 1000),
      sampled: f.sampled,
      updated_at: now,
    };
    if (!existing) {
      await db
        .insertInto("pi_field_suggestions")
        .values({
          id: ctx.ids.next(),
          store_id: storeId,
          table_name: f.table,
          column_name: f.column,
          status: "pending",
          field_id: null,
          decided_by: null,
          created_at: now,
          ...values,
        })
        .execute();
    } else if (existing.status === "pending") {
      await db.updateTable("pi_field_suggestions").set(values).where("id", "=", existing.id).execute();
    }
  }
  return listSuggestions(ctx, { storeId, status: "pending" });
}

/** Suggestions, optionally of one store and/or status, in table/column order. */
export async function listSuggestions(ctx: AppContext, filter: { storeId?: string | undefined; status?: string | undefined } = {}): Promise<FieldSuggestion[]> {
  let q = ctx.db.kysely.selectFrom("pi_field_suggestions").selectAll();
  if (filter.storeId) q = q.where("store_id", "=", filter.storeId);
  if (filter.status) q = q.where("status", "=", filter.status);
  return (await q.orderBy("store_id").orderBy("table_name").orderBy("column_name").execute()).map(toSuggestion);
}

async function pending(ctx: AppContext, id: string): Promise<Row> {
  const row = await ctx.db.kysely.selectFrom("pi_field_suggestions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new DomainError("NOT_FOUND", "no such suggestion");
  if (row.status !== "pending") throw new DomainError("CONFLICT", `the suggestion is already ${row.status}`);
  return row;
}

/** Accepts a pending suggestion: creates the catalog field and links it. */
export async function acceptSuggestion(ctx: AppContext, id: string, by: string): Promise<FieldSuggestion> {
  const row = await pending(ctx, id);
  const field = await catalogService(ctx).createField({
    storeId: row.store_id,
    table: row.table_name,
    column: row.column_name,
    category: row.category,
    piType: row.pi_type,
    sensitive: row.sensitive === 1,
    description: "accepted from a pipguard column scan",
  });
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .updateTable("pi_field_suggestions")
    .set({ status: "accepted", field_id: field.id, decided_by: by, updated_at: now })
    .where("id", "=", id)
    .execute();
  return toSuggestion({ ...row, status: "accepted", field_id: field.id, decided_by: by, updated_at: now });
}

/** Rejects a pending suggestion (a re-scan does not bring it back). */
export async function rejectSuggestion(ctx: AppContext, id: string, by: string): Promise<FieldSuggestion> {
  const row = await pending(ctx, id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.updateTable("pi_field_suggestions").set({ status: "rejected", decided_by: by, updated_at: now }).where("id", "=", id).execute();
  return toSuggestion({ ...row, status: "rejected", decided_by: by, updated_at: now });
}
