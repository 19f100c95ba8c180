import { type MigrationResultSet, Migrator, sql } from "kysely";
import type { Db } from "./db.js";
import { migrations } from "./migrations/index.js";

const provider = { getMigrations: async () => migrations };

async function migrator(db: Db): Promise<Migrator> {
  // On PostgreSQL Kysely looks for its bookkeeping tables in every schema unless told which one;
  // with several pipguard schemas in one database (tests, tenants) it must be the current one.
  let migrationTableSchema: string | undefined;
  if (db.dialect === "postgres") {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely);
    migrationTableSchema = r.rows[0]?.s;
  }
  return new Migrator({
    db: db.kysely,
    provider,
    migrationTableName: "pipguard_migrations",
    migrationLockTableName: "pipguard_migrations_lock",
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${(result.error as Error).message ?? result.error}`);
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Names of migrations in code that the database has not run yet. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
