import type { Kysely } from "kysely";

/**
 * Purpose-bound access for contractors (委托处理, PIPL Art. 21): contractors and their keys, views,
 * grants, daily usage, alerts, leak-trace canaries, and the hash-chained access log (PIPL Art. 54).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("access_contractors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // A contractor key is an API key with only the access:pull permission, bound here to its contractor.
  await db.schema
    .createTable("access_contractor_keys")
    .addColumn("api_key_id", "text", (c) => c.primaryKey())
    .addColumn("contractor_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("access_views")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("spec", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("access_grants")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("contractor_id", "text", (c) => c.notNull())
    .addColumn("view_id", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("daily_row_quota", "integer", (c) => c.notNull())
    .addColumn("hours_start", "integer")
    .addColumn("hours_end", "integer")
    .addColumn("auto_suspend", "integer", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("access_grants_contractor").on("access_grants").columns(["contractor_id", "view_id"]).execute();
  await db.schema
    .createTable("access_usage")
    .addColumn("grant_id", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("rows", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("access_usage_pk", ["grant_id", "day"])
    .execute();
  await db.schema
    .createTable("access_alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("grant_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .addColumn("suspended", "integer", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("access_canaries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("grant_id", "text", (c) => c.notNull())
    .addColumn("anchor", "text", (c) => c.notNull())
    .addColumn("print_ciphertext", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("access_canaries_anchor", ["grant_id", "anchor"])
    .execute();
  await db.schema
    .createTable("access_log")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("grant_id", "text")
    .addColumn("purpose", "text")
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("subject_ids", "text", (c) => c.notNull())
    .addColumn("fields", "text", (c) => c.notNull())
    .addColumn("row_count", "integer", (c) => c.notNull())
    .addColumn("justification_ciphertext", "text")
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("access_log_at").on("access_log").column("at").execute();
  await db.schema
    .createTable("access_log_head")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await (db as Kysely<{ access_log_head: { id: string; seq: number; hash: string } }>)
    .insertInto("access_log_head")
    .values({ id: "access", seq: 0, hash: "0".repeat(64) })
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "access_log_head",
    "access_log",
    "access_canaries",
    "access_alerts",
    "access_usage",
    "access_grants",
    "access_views",
    "access_contractor_keys",
    "access_contractors",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
