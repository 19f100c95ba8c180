import type { Kysely } from "kysely";

/**
 * The privacy center for data subjects (个人信息主体的隐私中心): one-time sign-in codes (hashed), subject
 * sessions (token hashed, separate from admin sessions) and the link from a rights request to the
 * subject it concerns and the person who filed it (a guardian for a child under 14, PIPL Art. 31),
 * and an index to find a guardian's children.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("subject_login_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("identity_index", "text", (c) => c.notNull())
    .addColumn("subject_id", "text")
    .addColumn("identity_id", "text")
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("consumed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("subject_login_codes_identity_idx").on("subject_login_codes").column("identity_index").execute();
  await db.schema
    .createTable("subject_sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("subject_id", "text", (c) => c.notNull().references("subjects.id").onDelete("cascade"))
    .addColumn("identity_id", "text", (c) => c.notNull())
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("subject_sessions_subject_idx").on("subject_sessions").column("subject_id").execute();
  await db.schema
    .createTable("subject_request_links")
    .addColumn("request_id", "text", (c) => c.primaryKey().references("rights_requests.id").onDelete("cascade"))
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("filed_by_subject_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("subject_request_links_subject_idx").on("subject_request_links").column("subject_id").execute();
  // A guardian's page lists their children (PIPL Art. 31) on every render: without this it scans all subjects.
  await db.schema.createIndex("subjects_guardian_idx").on("subjects").column("guardian_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("subjects_guardian_idx").execute();
  await db.schema.dropTable("subject_request_links").execute();
  await db.schema.dropTable("subject_sessions").execute();
  await db.schema.dropTable("subject_login_codes").execute();
}
