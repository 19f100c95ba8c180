import type { Kysely } from "kysely";

/** The job queue (leases, retries, dead letters) and one heartbeat row per running worker. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("priority", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "text")
    // Unique but nullable: both engines allow many NULLs, so only keyed enqueues are deduplicated.
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .execute();
  // The claim query scans queued jobs that are due; the reaper scans running jobs by lease end.
  await db.schema.createIndex("jobs_status_run_at_idx").on("jobs").columns(["status", "run_at"]).execute();
  await db.schema.createIndex("jobs_status_locked_until_idx").on("jobs").columns(["status", "locked_until"]).execute();
  await db.schema.createIndex("jobs_type_idx").on("jobs").column("type").execute();
  await db.schema
    .createTable("worker_heartbeats")
    .addColumn("worker_id", "text", (c) => c.primaryKey())
    .addColumn("hostname", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("beat_at", "text", (c) => c.notNull())
    .execute();
}
