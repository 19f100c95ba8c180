import type { Kysely } from "kysely";

/**
 * When a purpose last changed materially (PIPL Art. 14 para. 2: a changed purpose, processing method
 * or kind of PI needs fresh consent) and what changed (a JSON list of core's MaterialPurposeChange).
 * Consent given before `material_change_at` decides as "reconsent_required".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("purposes").addColumn("material_change_at", "text").execute();
  await db.schema.alterTable("purposes").addColumn("material_change_reasons", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("purposes").dropColumn("material_change_reasons").execute();
  await db.schema.alterTable("purposes").dropColumn("material_change_at").execute();
}
