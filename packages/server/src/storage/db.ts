import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

/** pipguard's own database: a Kysely handle and which engine is behind it. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** A redacted description for logs and `/readyz` (never the password). */
  readonly describe: string;
  /** PostgreSQL only: how to open a dedicated connection (LISTEN) to the same database and schema. */
  readonly postgres?: { url: string; schema: string | undefined };
  /**
   * SQLite only: `PRAGMA data_version`, which changes when another connection (another process: a CLI
   * command, a second server) has committed to the file since this connection last looked. Caches
   * checked against it need no time limit.
   */
  dataVersion?(): number;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** `postgres://…`, `sqlite:path`, `file:path`, a plain path, or `:memory:`. */
  url: string;
  /** PostgreSQL only: run everything in this schema (tests use one schema each). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/** Opens pipguard's database; SQLite files get WAL and foreign keys on. */
export function openDb(opts: OpenDbOptions): Db {
  if (/^postgres(ql)?:\/\//.test(opts.url)) return openPostgres(opts);
  return openSqlite(sqlitePath(opts.url));
}

/** Turns `sqlite:./x.db`, `file:x.db` or a plain path into a file path. */
export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, "").replace(/^file:/, "");
}

function openSqlite(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL + NORMAL is durable against process crashes (kill -9); FULL also against power loss.
  sqlite.pragma("synchronous = NORMAL");
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    dialect: "sqlite",
    describe: `sqlite:${path}`,
    dataVersion: () => sqlite.pragma("data_version", { simple: true }) as number,
    close: () => kysely.destroy(),
  };
}

/**
 * Kysely's SQLite driver prepares every query anew; compiling the SQL was the largest single cost
 * of a cached API read. Statements are reusable in better-sqlite3 (and calls are synchronous, so
 * one is never used twice at once): keep them by SQL text, bounded.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= 1000) cache.clear();
        cache.set(text, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}

function openPostgres(opts: OpenDbOptions): Db {
  const url = new URL(opts.url);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    ...(opts.schema ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}),
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on("error", () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: "postgres",
    describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}${opts.schema ? `#${opts.schema}` : ""}`,
    postgres: { url: opts.url, schema: opts.schema },
    close: () => kysely.destroy(),
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error("invalid schema name");
  return name;
}
