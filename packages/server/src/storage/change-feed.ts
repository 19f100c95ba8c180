import { type Kysely, sql } from "kysely";
import pg from "pg";
import type { Logger } from "../logger.js";
import type { Db } from "./db.js";
import type { Database } from "./schema.js";

/**
 * What changed: the catalog (cached lists), credentials (cached API-key checks), the consent ledger
 * (the in-memory consent state), policies (current policy facts) or subjects (cached subject facts).
 */
export type ChangeChannel = "catalog" | "auth" | "consent" | "policies" | "subjects";
const CHANNELS: readonly ChangeChannel[] = ["catalog", "auth", "consent", "policies", "subjects"];

/**
 * Tells every pipguard process on one PostgreSQL database that something it may cache has changed
 * (LISTEN/NOTIFY; the notification is sent inside the writing transaction, so it is delivered only
 * if that commits). While the listener is connected (`live`), readers may trust their caches; when
 * it drops, subscribers are told to forget everything and readers go back to the database until it
 * is up again. On SQLite there is no cross-process channel (a CLI in another process can write the
 * same file), so `live` stays false and readers always check the database.
 */
export class ChangeFeed {
  private readonly handlers = new Map<ChangeChannel, Array<() => void>>();
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = 1000;
  private timer: NodeJS.Timeout | undefined;
  private schemaTag = "";
  /** True while cross-process notifications are being received. */
  live = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Calls `fn` when `channel` changes, and whenever notifications may have been missed. */
  on(channel: ChangeChannel, fn: () => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), fn]);
  }

  /** Announces a change; call it inside the writing transaction (PostgreSQL) — a no-op on SQLite. */
  async notify(q: Kysely<Database>, channel: ChangeChannel): Promise<void> {
    if (this.db.dialect !== "postgres") return;
    await sql`select pg_notify(${`pipguard_${channel}`}, current_schema())`.execute(q);
  }

  /** Tells this process's subscribers at once (the writer need not wait for its own notification). */
  emitLocal(channel: ChangeChannel): void {
    for (const fn of this.handlers.get(channel) ?? []) fn();
  }

  /** Starts listening (servers and workers; short CLI commands do not). */
  async listen(): Promise<void> {
    if (this.db.dialect !== "postgres" || !this.db.postgres || this.client) return;
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(this.db.kysely);
    this.schemaTag = r.rows[0]?.s ?? "";
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed || !this.db.postgres) return;
    const client = new pg.Client({ connectionString: this.db.postgres.url });
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.setLive(false);
      client.removeAllListeners();
      void client.end().catch(() => {});
      if (!this.closed) {
        this.timer = setTimeout(() => void this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      }
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (n) => {
      if (n.payload !== this.schemaTag) return; // another pipguard schema in the same database
      const channel = n.channel.replace(/^pipguard_/, "") as ChangeChannel;
      this.emitLocal(channel);
    });
    this.client = client;
    try {
      await client.connect();
      for (const c of CHANNELS) await client.query(`LISTEN pipguard_${c}`);
      this.retryMs = 1000;
      this.setLive(true);
    } catch {
      this.logger.warn({ subsystem: "storage" }, "change feed: cannot listen; caches are checked against the database until it can");
      lost();
    }
  }

  private setLive(live: boolean): void {
    this.live = live;
    // Whatever was cached may have missed a notification: forget it on every transition.
    for (const c of CHANNELS) this.emitLocal(c);
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.live = false;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => {});
    }
  }
}
