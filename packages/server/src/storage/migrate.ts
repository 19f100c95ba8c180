import { type Kysely, sql } from "kysely";
import type { Db } from "./db.js";
import { migrations } from "./migrations/index.js";

/*
 * A small migrator of our own instead of Kysely's: Kysely's checks whether its bookkeeping tables
 * exist by introspecting every table of every schema, which fails ("schema … does not exist") when
 * another schema of the same PostgreSQL database is dropped at that moment — as tests and tenants
 * do. This one only touches its own table, in the current schema. The table and its columns are
 * the ones Kysely used, so existing databases carry on.
 */
const TABLE = "pipguard_migrations";

async function ensureTable(db: Db): Promise<void> {
  await sql`create table if not exists ${sql.table(TABLE)} (name varchar(255) primary key, timestamp varchar(255) not null)`.execute(db.kysely);
}

async function executed(q: Kysely<unknown>): Promise<Set<string>> {
  const r = await sql<{ name: string }>`select name from ${sql.table(TABLE)}`.execute(q);
  return new Set(r.rows.map((x) => x.name));
}

/** Runs every pending migration in name order, in one transaction; throws naming the one that failed. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  await ensureTable(db);
  return db.kysely.transaction().execute(async (trx) => {
    // One migrator at a time: two instances starting together must not both run a migration.
    if (db.dialect === "postgres") await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.pipguard_migrations'))`.execute(trx);
    const done = await executed(trx as unknown as Kysely<unknown>);
    const ran: string[] = [];
    for (const name of Object.keys(migrations).sort()) {
      if (done.has(name)) continue;
      try {
        await migrations[name]?.up(trx as unknown as Kysely<unknown>);
      } catch (e) {
        throw new Error(`migration ${name} failed: ${(e as Error).message ?? e}`);
      }
      await sql`insert into ${sql.table(TABLE)} (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(trx);
      ran.push(name);
    }
    return ran;
  });
}

/** Names of migrations in code that the database has not run yet. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  let done: Set<string>;
  try {
    done = await executed(db.kysely as unknown as Kysely<unknown>);
  } catch {
    done = new Set();
  }
  return Object.keys(migrations)
    .sort()
    .filter((name) => !done.has(name));
}
