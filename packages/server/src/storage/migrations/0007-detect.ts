import type { Kysely } from "kysely";

/**
 * PI detection: token vaults of redaction sessions (their entries are PI, so the whole vault is
 * stored encrypted under the keyring) and the column suggestions of database scans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("pi_token_vaults")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("data_ct", "text", (c) => c.notNull())
    .addColumn("entries", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pi_token_vaults_expires").on("pi_token_vaults").column("expires_at").execute();
  // One suggestion per store column; a re-scan refreshes a pending one, decided ones stay decided.
  await db.schema
    .createTable("pi_field_suggestions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("store_id", "text", (c) => c.notNull())
    .addColumn("table_name", "text", (c) => c.notNull())
    .addColumn("column_name", "text", (c) => c.notNull())
    .addColumn("pi_type", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("sensitive", "integer", (c) => c.notNull())
    .addColumn("share_permille", "integer", (c) => c.notNull())
    .addColumn("sampled", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("field_id", "text")
    .addColumn("decided_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("pi_field_suggestions_column", ["store_id", "table_name", "column_name"])
    .execute();
}
