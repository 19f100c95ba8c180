import type { Kysely } from "kysely";

/**
 * Rights requests (PIPL Arts. 44–50): the requests (requester contact encrypted, found by blind
 * index), their audit trail, notes, extensions, one-time codes (hashed), rate-limit events, the
 * outbox of messages to requesters and staff (bodies encrypted) and export packages (encrypted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("rights_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("deceased_relative", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("contact_ciphertext", "text", (c) => c.notNull())
    .addColumn("contact_index", "text", (c) => c.notNull())
    .addColumn("details_ciphertext", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("received_on", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("due_provisional", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("extended_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("assignee_id", "text")
    .addColumn("refusal_reason", "text")
    .addColumn("verified_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("reminder5_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reminder2_sent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("overdue_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rights_requests_status_due_idx").on("rights_requests").columns(["status", "due_on"]).execute();
  await db.schema.createIndex("rights_requests_contact_idx").on("rights_requests").column("contact_index").execute();
  await db.schema
    .createTable("request_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("rights_requests.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("note_ciphertext", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("request_events_request_idx").on("request_events").columns(["request_id", "created_at"]).execute();
  await db.schema
    .createTable("request_extensions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("rights_requests.id").onDelete("cascade"))
    .addColumn("working_days", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("previous_due", "text", (c) => c.notNull())
    .addColumn("new_due", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("request_extensions_request_idx").on("request_extensions").column("request_id").execute();
  await db.schema
    .createTable("request_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("rights_requests.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("consumed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("request_codes_request_idx").on("request_codes").columns(["request_id", "created_at"]).execute();
  await db.schema
    .createTable("rate_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_events_bucket_idx").on("rate_events").columns(["bucket", "created_at"]).execute();
  await db.schema
    .createTable("outbox_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.references("rights_requests.id").onDelete("set null"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recipient_ciphertext", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_ciphertext", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema
    .createTable("request_exports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("rights_requests.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("package_ciphertext", "text", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("downloads", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("request_exports_request_idx").on("request_exports").column("request_id").execute();
  await db.schema.createIndex("outbox_messages_status_idx").on("outbox_messages").columns(["status", "next_attempt_at"]).execute();
}

/** Drops the rights-request tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["request_exports", "outbox_messages", "rate_events", "request_codes", "request_extensions", "request_events", "rights_requests"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
