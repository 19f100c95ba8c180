import type { Kysely } from "kysely";

/**
 * Rights-request execution as a job (issue 4, item 6): a run of a request across the operator's
 * stores and its per-store progress, recorded durably so a worker killed mid-run resumes without
 * redoing a store; requester tokens (hashed) that let a verified requester act on their own request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("request_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("rights_requests.id").onDelete("cascade"))
    .addColumn("job_id", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("stores", "text", (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("outcome", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("request_runs_request_idx").on("request_runs").columns(["request_id", "created_at"]).execute();
  await db.schema
    .createTable("request_run_stores")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("run_id", "text", (c) => c.notNull().references("request_runs.id").onDelete("cascade"))
    .addColumn("store_key", "text", (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("found_ciphertext", "text")
    .addColumn("finished_at", "text", (c) => c.notNull())
    .addUniqueConstraint("request_run_stores_run_store_uq", ["run_id", "store_key"])
    .execute();
  await db.schema
    .createTable("request_requester_tokens")
    .addColumn("request_id", "text", (c) => c.primaryKey().references("rights_requests.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["request_requester_tokens", "request_run_stores", "request_runs"]) await db.schema.dropTable(t).execute();
}
