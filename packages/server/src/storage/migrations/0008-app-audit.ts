import type { Kysely } from "kysely";

/**
 * App compliance audit (App 合规检测): stored inspections of app test sessions — the app facts, the
 * pipguard-audit/1 report as JSON text, the notice labels, the batch and rectification deadline, and for a
 * re-inspection (复测) the earlier inspection it checks and the fixed / not-fixed result. Reports name rules,
 * SDKs and event seq numbers, never the personal data of a test device.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("app_inspections")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("batch", "text")
    .addColumn("app_name", "text")
    .addColumn("package_name", "text")
    .addColumn("app_version", "text")
    .addColumn("developer", "text")
    .addColumn("source", "text")
    .addColumn("app_type", "text")
    .addColumn("deadline", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("findings_count", "integer", (c) => c.notNull())
    .addColumn("labels", "text", (c) => c.notNull())
    .addColumn("report", "text", (c) => c.notNull())
    .addColumn("previous_id", "text", (c) => c.references("app_inspections.id"))
    .addColumn("rectification", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("app_inspections_batch_idx").on("app_inspections").columns(["batch", "created_at"]).execute();
  await db.schema.createIndex("app_inspections_package_idx").on("app_inspections").columns(["package_name", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("app_inspections").execute();
}
