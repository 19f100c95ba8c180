import { type Clock, DomainError, type IdGenerator } from "@pipguard/core";
import type { Kysely } from "kysely";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import type { Database } from "../storage/schema.js";
import { HEARTBEAT_MS, Heartbeats } from "./heartbeats.js";
import { backoffMs, DEFAULT_MAX_ATTEMPTS, type Job, type JobStatus, PermanentJobError, storedError, toJob } from "./job.js";
import { getHandler } from "./registry.js";

export interface EnqueueOptions {
  /** Not before this instant (default now). */
  runAt?: Date;
  /** Tries before the job is dead-lettered (default: the handler's, else 5). */
  maxAttempts?: number;
  /** Enqueueing the same key again returns the existing job instead of adding one. */
  dedupeKey?: string;
  /** Lower runs first (default 0). */
  priority?: number;
  /** Enqueue inside the caller's transaction (the job exists only if it commits). */
  trx?: Kysely<Database>;
}

export interface ClaimOptions {
  /** How many jobs at most (default 1). */
  limit?: number;
  /** Only these job types (a worker dedicated to some types; tests). */
  types?: readonly string[];
}

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  limit?: number;
}

export interface JobStats {
  counts: Record<JobStatus, number>;
}

export type WorkerHealth = "ok" | "stale" | "disabled" | "unknown";

/**
 * The database-backed job queue. Claims are single atomic statements (FOR UPDATE SKIP LOCKED on
 * PostgreSQL), so any number of pipguard instances on one database share the work and a job is
 * leased to one worker at a time. Delivery is at least once: a worker that dies mid-job loses its
 * lease and the job runs again, so handlers are written to be idempotent.
 */
export class JobQueue {
  readonly heartbeats: Heartbeats;
  private readonly localWorkers = new Map<string, { startedAt: number; heartbeatMs: number }>();

  constructor(readonly deps: { db: Db; clock: Clock; ids: IdGenerator; logger: Logger; random?: () => number }) {
    this.heartbeats = new Heartbeats(deps);
  }

  /** Adds a job; unknown type → UNKNOWN_JOB_TYPE, a payload its schema rejects → VALIDATION_FAILED. */
  async enqueue(type: string, payload: unknown = {}, opts: EnqueueOptions = {}): Promise<Job> {
    const handler = getHandler(type);
    if (!handler) throw new DomainError("UNKNOWN_JOB_TYPE", `no handler is registered for job type '${type}'`, { type });
    let data = payload;
    if (handler.payload) {
      const parsed = handler.payload.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          path: i.path.join(".") || "(root)",
          code: i.code,
          message: "does not match the job's payload schema",
        }));
        throw new DomainError("VALIDATION_FAILED", `the payload does not match job type '${type}'`, { issues });
      }
      data = parsed.data;
    }
    const maxAttempts = opts.maxAttempts ?? handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const priority = opts.priority ?? 0;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100)
      throw new DomainError("VALIDATION_FAILED", "maxAttempts must be an integer from 1 to 100");
    if (!Number.isInteger(priority) || Math.abs(priority) > 1000) throw new DomainError("VALIDATION_FAILED", "priority must be an integer from -1000 to 1000");
    if (opts.dedupeKey !== undefined && (opts.dedupeKey.length === 0 || opts.dedupeKey.length > 200)) {
      throw new DomainError("VALIDATION_FAILED", "dedupeKey must be 1 to 200 characters");
    }
    const now = this.nowIso();
    const row = {
      id: this.deps.ids.next(),
      type,
      payload: JSON.stringify(data ?? {}),
      status: "queued",
      priority,
      attempts: 0,
      max_attempts: maxAttempts,
      run_at: (opts.runAt ?? this.deps.clock.now()).toISOString(),
      locked_by: null,
      locked_until: null,
      dedupe_key: opts.dedupeKey ?? null,
      last_error: null,
      created_at: now,
      updated_at: now,
      started_at: null,
      finished_at: null,
    };
    const db = opts.trx ?? this.deps.db.kysely;
    if (opts.dedupeKey === undefined) return toJob(await db.insertInto("jobs").values(row).returningAll().executeTakeFirstOrThrow());
    // ON CONFLICT DO NOTHING keeps this one statement: two instances racing on a key both succeed,
    // and exactly one row exists afterwards.
    const inserted = await db
      .insertInto("jobs")
      .values(row)
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toJob(inserted);
    return toJob(await db.selectFrom("jobs").selectAll().where("dedupe_key", "=", opts.dedupeKey).executeTakeFirstOrThrow());
  }

  /**
   * Leases up to `limit` due jobs to `workerId` for `leaseMs`, highest priority and oldest first.
   * Expired leases are returned to the queue first, so their jobs are claimable again.
   */
  async claim(workerId: string, leaseMs: number, opts: ClaimOptions = {}): Promise<Job[]> {
    await this.reapExpired();
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const { db } = this.deps;
    const types = opts.types;
    if (types && types.length === 0) return [];
    const rows = await db.kysely
      .updateTable("jobs")
      .set((eb) => ({
        status: "running",
        locked_by: workerId,
        locked_until: new Date(now.getTime() + leaseMs).toISOString(),
        attempts: eb("attempts", "+", 1),
        started_at: nowIso,
        updated_at: nowIso,
      }))
      .where("id", "in", (eb) => {
        let q = eb.selectFrom("jobs").select("id").where("status", "=", "queued").where("run_at", "<=", nowIso);
        if (types) q = q.where("type", "in", types);
        q = q
          .orderBy("priority")
          .orderBy("run_at")
          .orderBy("id")
          .limit(opts.limit ?? 1);
        // PostgreSQL: rows another instance is claiming right now are skipped, not waited for.
        // SQLite has one writer and this is one statement, so it is atomic as it stands.
        return db.dialect === "postgres" ? q.forUpdate().skipLocked() : q;
      })
      .returningAll()
      .execute();
    return rows.map(toJob).sort((a, b) => a.priority - b.priority || a.runAt.localeCompare(b.runAt) || a.id.localeCompare(b.id));
  }

  /** Jobs whose worker stopped renewing the lease go back to the queue, or to dead when out of tries. */
  async reapExpired(): Promise<number> {
    const now = this.nowIso();
    const r = await this.deps.db.kysely
      .updateTable("jobs")
      .set((eb) => ({
        status: eb.case().when("attempts", ">=", eb.ref("max_attempts")).then("dead").else("queued").end(),
        finished_at: eb.case().when("attempts", ">=", eb.ref("max_attempts")).then(now).else(null).end(),
        run_at: now,
        locked_by: null,
        locked_until: null,
        last_error: "lease expired: the worker stopped before finishing",
        updated_at: now,
      }))
      .where("status", "=", "running")
      .where("locked_until", "<", now)
      .executeTakeFirst();
    const n = Number(r.numUpdatedRows);
    if (n > 0) this.deps.logger.warn({ subsystem: "jobs", count: n }, "expired job leases reclaimed");
    return n;
  }

  /** Marks a leased job done; false when the lease was lost meanwhile (another worker owns it now). */
  async complete(job: Job, workerId: string): Promise<boolean> {
    const now = this.nowIso();
    const r = await this.owned(job, workerId)
      .set({ status: "succeeded", finished_at: now, updated_at: now, locked_by: null, locked_until: null, last_error: null })
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Records a failed attempt: back to queued after a backoff, dead after max attempts, failed at once
   * for a PermanentJobError. Returns the new status, or undefined when the lease was lost meanwhile.
   */
  async fail(job: Job, workerId: string, error: unknown): Promise<JobStatus | undefined> {
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const status: JobStatus = error instanceof PermanentJobError ? "failed" : job.attempts >= job.maxAttempts ? "dead" : "queued";
    const terminal = status !== "queued";
    const r = await this.owned(job, workerId)
      .set({
        status,
        last_error: storedError(error),
        run_at: terminal ? job.runAt : new Date(now.getTime() + backoffMs(job.attempts, this.deps.random)).toISOString(),
        finished_at: terminal ? nowIso : null,
        locked_by: null,
        locked_until: null,
        updated_at: nowIso,
      })
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? status : undefined;
  }

  /** Renews a running job's lease; false when it was lost (the worker should stop the job). */
  async extendLease(job: Job, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.deps.clock.now();
    const r = await this.owned(job, workerId)
      .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Puts a dead or failed job back in the queue with a fresh set of attempts. */
  async retry(id: string): Promise<Job> {
    const now = this.nowIso();
    const row = await this.deps.db.kysely
      .updateTable("jobs")
      .set({ status: "queued", attempts: 0, run_at: now, finished_at: null, locked_by: null, locked_until: null, updated_at: now })
      .where("id", "=", id)
      .where("status", "in", ["dead", "failed"])
      .returningAll()
      .executeTakeFirst();
    if (row) return toJob(row);
    const existing = await this.get(id);
    if (!existing) throw new DomainError("NOT_FOUND", "no such job");
    throw new DomainError("CONFLICT", `only dead or failed jobs can be retried; this one is ${existing.status}`, { status: existing.status });
  }

  /** One job, if it exists. */
  async get(id: string): Promise<Job | undefined> {
    const row = await this.deps.db.kysely.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  /** Jobs newest first, optionally by status and type (default 50, at most 500). */
  async list(filter: JobFilter = {}): Promise<Job[]> {
    let q = this.deps.db.kysely.selectFrom("jobs").selectAll();
    if (filter.status) q = q.where("status", "=", filter.status);
    if (filter.type) q = q.where("type", "=", filter.type);
    const rows = await q
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(Math.min(Math.max(filter.limit ?? 50, 1), 500))
      .execute();
    return rows.map(toJob);
  }

  /** How many jobs are in each status. */
  async stats(): Promise<JobStats> {
    const rows = await this.deps.db.kysely
      .selectFrom("jobs")
      .select(["status", (eb) => eb.fn.countAll<string | number>().as("n")])
      .groupBy("status")
      .execute();
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, dead: 0 };
    for (const r of rows) if (r.status in counts) counts[r.status as JobStatus] = Number(r.n);
    return { counts };
  }

  /** Deletes succeeded jobs finished before a time and heartbeats of long-silent workers. */
  async prune(opts: { succeededBefore: string; heartbeatsBefore: string }): Promise<{ jobs: number; heartbeats: number }> {
    const r = await this.deps.db.kysely.deleteFrom("jobs").where("status", "=", "succeeded").where("finished_at", "<", opts.succeededBefore).executeTakeFirst();
    return { jobs: Number(r.numDeletedRows), heartbeats: await this.heartbeats.pruneBefore(opts.heartbeatsBefore) };
  }

  /** Called by startWorker: this process now runs a worker, so a silent heartbeat means stale. */
  attachWorker(workerId: string, heartbeatMs = HEARTBEAT_MS): void {
    this.localWorkers.set(workerId, { startedAt: this.deps.clock.now().getTime(), heartbeatMs });
  }

  /** Called when a worker stops. */
  detachWorker(workerId: string): void {
    this.localWorkers.delete(workerId);
  }

  /**
   * Worker state for /readyz: ok when any worker beat within 3 intervals; stale when this process
   * runs a worker but the newest beat is older; disabled when it runs none and nobody beats.
   */
  async workerHealth(): Promise<WorkerHealth> {
    const now = this.deps.clock.now().getTime();
    const local = [...this.localWorkers.values()];
    const interval = local.length > 0 ? Math.max(...local.map((w) => w.heartbeatMs)) : HEARTBEAT_MS;
    const newest = await this.heartbeats.newest();
    if (newest !== undefined && now - Date.parse(newest) <= 3 * interval) return "ok";
    if (local.length === 0) return "disabled";
    // A worker that has just started may not have written its first beat yet.
    if (local.some((w) => now - w.startedAt <= 3 * w.heartbeatMs)) return "ok";
    return "stale";
  }

  /** An UPDATE fenced to the lease a worker holds: same worker, same attempt, still running. */
  private owned(job: Job, workerId: string) {
    return this.deps.db.kysely
      .updateTable("jobs")
      .where("id", "=", job.id)
      .where("status", "=", "running")
      .where("locked_by", "=", workerId)
      .where("attempts", "=", job.attempts);
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }
}
