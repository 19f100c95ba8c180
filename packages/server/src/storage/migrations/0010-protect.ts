import type { Kysely } from "kysely";

/**
 * Protection of the operator's own columns (`pipguard protect column`): one row per protected (or
 * being protected / unprotected) column of a catalog data store, with the cursor that makes a run
 * resumable. Only identifiers and schema metadata — never a value of the column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("protected_columns")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("store_id", "text", (c) => c.notNull())
    .addColumn("table_name", "text", (c) => c.notNull())
    .addColumn("column_name", "text", (c) => c.notNull())
    .addColumn("scheme", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("index_column", "text", (c) => c.notNull())
    .addColumn("original_type", "text")
    .addColumn("max_length", "integer")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("cursor", "text")
    .addColumn("rows_done", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("protected_columns_column", ["store_id", "table_name", "column_name"])
    .execute();
}
