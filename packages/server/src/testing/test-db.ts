import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Db, openDb } from "../storage/db.js";
import { migrateToLatest } from "../storage/migrate.js";

/** Which engine the storage-backed tests use: PIPGUARD_TEST_DB=postgres (CI) or sqlite (default). */
export const TEST_DIALECT: "sqlite" | "postgres" = process.env.PIPGUARD_TEST_DB === "postgres" ? "postgres" : "sqlite";
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDb extends Db {
  /** Drops the schema / deletes the file. */
  dispose(): Promise<void>;
  /** For SQLite: the file path; for PostgreSQL: the schema name. */
  location: string;
}

/** A fresh, migrated database for one test file: a temp SQLite file, or a new PostgreSQL schema. */
export async function openTestDb(dialect: "sqlite" | "postgres" = TEST_DIALECT, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: Db;
  let location: string;
  let cleanup: () => Promise<void>;
  if (dialect === "postgres") {
    const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    await withAdminClient((c) => c.query(`create schema ${schema}`));
    db = openDb({ url: TEST_PG_URL, schema, poolSize: 5 });
    location = schema;
    cleanup = () => withAdminClient((c) => c.query(`drop schema if exists ${schema} cascade`)).then(() => undefined);
  } else {
    const dir = mkdtempSync(join(tmpdir(), "pipguard-test-"));
    location = join(dir, "test.db");
    db = openDb({ url: location });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  if (opts.migrate !== false) await migrateToLatest(db);
  return Object.assign(Object.create(null), db, {
    location,
    async dispose() {
      await db.close();
      await cleanup();
    },
  }) as TestDb;
}

async function withAdminClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
