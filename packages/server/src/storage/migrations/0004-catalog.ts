import { type Kysely, sql } from "kysely";

/**
 * The data map: systems, data stores (connection strings encrypted), fields, purposes, recipients
 * and retention rules. Links are tables with foreign keys: a link cascades with its owner (the
 * purpose owns its field list, the recipient its purpose list) and blocks deleting what it points to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("catalog_organisation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("contact", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("systems")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("app_type", "text")
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("data_stores")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("system_id", "text", (c) => c.notNull().references("systems.id").onDelete("restrict"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("connection_ciphertext", "text")
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("data_stores_system_idx").on("data_stores").column("system_id").execute();
  await db.schema
    .createTable("catalog_fields")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("store_id", "text", (c) => c.notNull().references("data_stores.id").onDelete("restrict"))
    .addColumn("table_name", "text", (c) => c.notNull())
    .addColumn("column_name", "text", (c) => c.notNull())
    .addColumn("pi_type", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("sensitive", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("identity_role", "text")
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("catalog_fields_column_uq", ["store_id", "table_name", "column_name"])
    .execute();
  await db.schema
    .createTable("purposes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_zh", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("legal_basis", "text", (c) => c.notNull())
    .addColumn("necessity", "text", (c) => c.notNull())
    .addColumn("consent_kind", "text", (c) => c.notNull())
    .addColumn("automated_decision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("minors_under_14", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("purpose_fields")
    .addColumn("purpose_id", "text", (c) => c.notNull().references("purposes.id").onDelete("cascade"))
    .addColumn("field_id", "text", (c) => c.notNull().references("catalog_fields.id").onDelete("restrict"))
    .addPrimaryKeyConstraint("purpose_fields_pk", ["purpose_id", "field_id"])
    .execute();
  await db.schema.createIndex("purpose_fields_field_idx").on("purpose_fields").column("field_id").execute();
  await db.schema
    .createTable("recipients")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("contact", "text")
    .addColumn("description", "text")
    .addColumn("pi_categories", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("recipient_purposes")
    .addColumn("recipient_id", "text", (c) => c.notNull().references("recipients.id").onDelete("cascade"))
    .addColumn("purpose_id", "text", (c) => c.notNull().references("purposes.id").onDelete("restrict"))
    .addPrimaryKeyConstraint("recipient_purposes_pk", ["recipient_id", "purpose_id"])
    .execute();
  await db.schema.createIndex("recipient_purposes_purpose_idx").on("recipient_purposes").column("purpose_id").execute();
  await db.schema
    .createTable("retention_rules")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("purpose_id", "text", (c) => c.references("purposes.id").onDelete("restrict"))
    .addColumn("store_id", "text", (c) => c.references("data_stores.id").onDelete("restrict"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("legal_reference", "text")
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("retention_rules_purpose_idx").on("retention_rules").column("purpose_id").execute();
  await db.schema.createIndex("retention_rules_store_idx").on("retention_rules").column("store_id").execute();
  // One row whose version goes up with every catalog write: readers cache lists per version (and
  // answer ETags with it), and every instance sharing the database sees a change at once.
  await db.schema
    .createTable("catalog_meta")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  await sql`insert into catalog_meta (id, version) values (1, 0)`.execute(db);
}
