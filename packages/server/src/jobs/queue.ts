import type { Clock, IdGenerator } from "@pipguard/core";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";

/** The database-backed job queue. (Filled in by the jobs work.) */
export class JobQueue {
  constructor(readonly deps: { db: Db; clock: Clock; ids: IdGenerator; logger: Logger }) {}

  /** Worker heartbeat state for /readyz: ok when a worker beat recently, stale when none did. */
  async workerHealth(): Promise<"ok" | "stale" | "disabled" | "unknown"> {
    return "unknown";
  }
}
