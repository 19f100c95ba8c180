import type { Kysely } from "kysely";

/**
 * Notices and consent: privacy-policy documents and their immutable versions, subjects (identities
 * encrypted, found by blind index), the append-only consent ledger with its head row, prompts shown,
 * idempotency keys of consent POSTs, and the receipt-signing key (private half encrypted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("policy_documents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("app", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("policy_documents_app_kind_uq", ["app", "kind"])
    .execute();
  await db.schema
    .createTable("policy_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("document_id", "text", (c) => c.notNull().references("policy_documents.id").onDelete("restrict"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("change_summary", "text")
    .addColumn("material_change", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("effective_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addUniqueConstraint("policy_versions_doc_version_uq", ["document_id", "version"])
    .execute();
  await db.schema
    .createTable("subjects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("birth_date_ciphertext", "text")
    .addColumn("age_band", "text")
    .addColumn("guardian_id", "text", (c) => c.references("subjects.id").onDelete("restrict"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("subject_identities")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subject_id", "text", (c) => c.notNull().references("subjects.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("value_ciphertext", "text", (c) => c.notNull())
    .addColumn("blind_index", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("subject_identities_lookup_uq", ["type", "blind_index"])
    .execute();
  await db.schema.createIndex("subject_identities_subject_idx").on("subject_identities").column("subject_id").execute();
  await db.schema
    .createTable("consent_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull().unique())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("app", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("policy_version", "integer", (c) => c.notNull())
    .addColumn("policy_hash", "text", (c) => c.notNull())
    .addColumn("notice_hash", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("consent_events_subject_idx").on("consent_events").columns(["subject_id", "purpose"]).execute();
  // One row per ledger: appends lock it (SELECT … FOR UPDATE on PostgreSQL) so the chain stays linear.
  await db.schema
    .createTable("consent_ledger_head")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await (db as Kysely<{ consent_ledger_head: { id: string; seq: number; hash: string } }>)
    .insertInto("consent_ledger_head")
    .values({ id: "consent", seq: 0, hash: "0".repeat(64) })
    .execute();
  await db.schema
    .createTable("consent_prompts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("app", "text", (c) => c.notNull())
    .addColumn("target_kind", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("outcome", "text")
    .addColumn("shown_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("consent_prompts_subject_idx").on("consent_prompts").columns(["subject_id", "target_kind", "target"]).execute();
  // Quiet period after a refusal per purpose or permission (GB/T 41391-2022 6.4.4 c; never < 48 h for permissions).
  await db.schema
    .createTable("prompt_settings")
    .addColumn("target_kind", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("reprompt_hours", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("prompt_settings_pk", ["target_kind", "target"])
    .execute();
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // Withdrawal webhooks to catalog recipients (PIPL Art. 15 propagated downstream); the HMAC secret is encrypted.
  await db.schema
    .createTable("consent_webhooks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("recipient_id", "text", (c) => c.notNull().unique().references("recipients.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("secret_ciphertext", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("receipt_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("private_key_ciphertext", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "receipt_keys",
    "consent_webhooks",
    "idempotency_keys",
    "prompt_settings",
    "consent_prompts",
    "consent_ledger_head",
    "consent_events",
    "subject_identities",
    "subjects",
    "policy_versions",
    "policy_documents",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
