import type { Kysely } from "kysely";

/** Overrides of the working-day calendar (years or changes the chinese-days package does not know yet). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("calendar_overrides")
    .addColumn("date", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
