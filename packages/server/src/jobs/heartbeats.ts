import type { Clock } from "@pipguard/core";
import type { Db } from "../storage/db.js";
import { toHeartbeat, type WorkerHeartbeat } from "./job.js";

/** How often a worker writes its heartbeat row; /readyz calls a worker stale after 3 missed beats. */
export const HEARTBEAT_MS = 5_000;

/** The worker_heartbeats table: one row per running worker, removed when it stops cleanly. */
export class Heartbeats {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** Writes (or refreshes) a worker's row with the current time. */
  async beat(w: Omit<WorkerHeartbeat, "beatAt">): Promise<void> {
    const beatAt = this.deps.clock.now().toISOString();
    await this.deps.db.kysely
      .insertInto("worker_heartbeats")
      .values({ worker_id: w.workerId, hostname: w.hostname, pid: w.pid, started_at: w.startedAt, beat_at: beatAt })
      .onConflict((oc) => oc.column("worker_id").doUpdateSet({ beat_at: beatAt }))
      .execute();
  }

  /** Removes a worker's row (clean stop). */
  async remove(workerId: string): Promise<void> {
    await this.deps.db.kysely.deleteFrom("worker_heartbeats").where("worker_id", "=", workerId).execute();
  }

  /** Every known worker, most recent beat first. */
  async list(): Promise<WorkerHeartbeat[]> {
    const rows = await this.deps.db.kysely.selectFrom("worker_heartbeats").selectAll().orderBy("beat_at", "desc").orderBy("worker_id").execute();
    return rows.map(toHeartbeat);
  }

  /** The newest beat of any worker, if there is one. */
  async newest(): Promise<string | undefined> {
    const row = await this.deps.db.kysely.selectFrom("worker_heartbeats").select("beat_at").orderBy("beat_at", "desc").limit(1).executeTakeFirst();
    return row?.beat_at;
  }

  /** Deletes rows of workers silent since `before` (crashed without a clean stop). */
  async pruneBefore(before: string): Promise<number> {
    const r = await this.deps.db.kysely.deleteFrom("worker_heartbeats").where("beat_at", "<", before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
