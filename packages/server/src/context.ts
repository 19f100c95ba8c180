import { randomFillSync } from "node:crypto";
import type { Clock, IdGenerator } from "@pipguard/core";
import { V7Generator } from "uuidv7";
import { AuthService } from "./auth/auth-service.js";
import { CalendarService } from "./calendar/calendar-service.js";
import type { Config } from "./config/config.js";
import { resolveMasterKey } from "./config/master-key.js";
import { Keyring } from "./crypto/keyring.js";
import { JobQueue } from "./jobs/queue.js";
import { createLogger, type Logger } from "./logger.js";
import { ChangeFeed } from "./storage/change-feed.js";
import { type Db, openDb } from "./storage/db.js";
import { migrateToLatest } from "./storage/migrate.js";

/** Everything a route, job or CLI command needs: built once by the composition root. */
export interface AppContext {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  keyring: Keyring;
  auth: AuthService;
  calendar: CalendarService;
  jobs: JobQueue;
  /** Cross-process cache invalidation (PostgreSQL LISTEN/NOTIFY); started by servers. */
  changes: ChangeFeed;
}

export const systemClock: Clock = { now: () => new Date() };
/**
 * Random words for UUIDv7 ids from node:crypto a kilobyte at a time: the library's default refills 32 bytes at a time, a
 * call per id or two, which showed in batch ingest (a thousand ids per request).
 */
class PooledRandom {
  private readonly words = new Uint32Array(256);
  private cursor = this.words.length;
  nextUint32(): number {
    if (this.cursor >= this.words.length) {
      randomFillSync(this.words);
      this.cursor = 0;
    }
    return this.words[this.cursor++]!;
  }
}
const v7 = new V7Generator(new PooledRandom());
export const uuidV7Ids: IdGenerator = { next: () => v7.generate().toString() };

export interface CreateContextOptions {
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  /** An already-open database (tests); otherwise config.databaseUrl is opened. */
  db?: Db;
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

/** Opens the database, runs migrations, loads keys and wires the services. */
export async function createContext(config: Config, opts: CreateContextOptions = {}): Promise<AppContext> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? uuidV7Ids;
  const db = opts.db ?? openDb({ url: config.databaseUrl });
  try {
    if (opts.migrate !== false) {
      const ran = await migrateToLatest(db);
      if (ran.length > 0) logger.info({ subsystem: "storage", migrations: ran }, "migrations applied");
    }
    const master = resolveMasterKey(config);
    if (master.source === "generated") {
      logger.warn(
        { subsystem: "crypto", path: master.path },
        "generated a new master key file; back it up and keep it secret — without it encrypted data cannot be read. Set PIPGUARD_MASTER_KEY(_FILE) in production.",
      );
    }
    const changes = new ChangeFeed(db, logger);
    const keyring = await Keyring.open({ master: master.key, db, now: () => clock.now(), newId: () => ids.next(), algorithm: config.cipher });
    return {
      config,
      db,
      logger,
      clock,
      ids,
      keyring,
      auth: new AuthService(db, clock, ids, config.sessionHours, changes),
      changes,
      calendar: await CalendarService.open({ db, clock, ids, timezone: config.timezone }),
      jobs: new JobQueue({ db, clock, ids, logger }),
    };
  } catch (e) {
    if (!opts.db) await db.close();
    throw e;
  }
}
