import { createLogger, loadConfig, migrateToLatest, openDb } from "@pipguard/server";
import type { Command } from "commander";
import { emit, fail } from "../output.js";

/** `pipguard migrate`: apply pending migrations and exit (they also run on start). */
export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations / 执行数据库迁移")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      try {
        const config = loadConfig();
        createLogger({ level: "silent" });
        const db = openDb({ url: config.databaseUrl });
        try {
          const ran = await migrateToLatest(db);
          emit(Boolean(opts.json), { applied: ran, database: db.describe }, () => (ran.length ? `applied: ${ran.join(", ")}` : "already up to date"));
        } finally {
          await db.close();
        }
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
