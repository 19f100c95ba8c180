import type { Selectable } from "kysely";
import { scrubPi } from "../logger.js";
import type { JobTables } from "../storage/tables/jobs.js";

/**
 * Life of a job: queued → running → succeeded; a failed attempt goes back to queued with a backoff
 * until max_attempts, then dead (the dead letter, kept for inspection). `failed` is a permanent
 * failure (a PermanentJobError, or a payload no handler accepts): retrying would not help.
 */
export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One job as the queue hands it out. Payloads carry ids only, and are never logged. */
export interface Job {
  id: string;
  type: string;
  payload: unknown;
  status: JobStatus;
  priority: number;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  dedupeKey: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A worker's last sign of life. */
export interface WorkerHeartbeat {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: string;
  beatAt: string;
}

/** Thrown by a handler when retrying cannot help (the job becomes `failed` at once). */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 60 * 60_000;
const MAX_ERROR_CHARS = 500;

/**
 * Delay before retrying after failed attempt number `attempt` (1-based): 2^attempt × 5 s capped at
 * an hour, with "equal jitter" (half fixed, half random) so jobs that failed together spread out.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(attempt, 0), BACKOFF_CAP_MS);
  return Math.round(base / 2 + random() * (base / 2));
}

/** The error text stored on a job: name and message only (no stack), PI-looking values masked, truncated. */
export function storedError(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : `Error: ${String(e)}`;
  const scrubbed = scrubPi(text);
  return scrubbed.length > MAX_ERROR_CHARS ? `${scrubbed.slice(0, MAX_ERROR_CHARS - 1)}…` : scrubbed;
}

/** Maps a jobs row to a Job. */
export function toJob(r: Selectable<JobTables["jobs"]>): Job {
  return {
    id: r.id,
    type: r.type,
    payload: JSON.parse(r.payload) as unknown,
    status: r.status as JobStatus,
    priority: Number(r.priority),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAt: r.run_at,
    lockedBy: r.locked_by,
    lockedUntil: r.locked_until,
    dedupeKey: r.dedupe_key,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** Maps a worker_heartbeats row to a WorkerHeartbeat. */
export function toHeartbeat(r: Selectable<JobTables["worker_heartbeats"]>): WorkerHeartbeat {
  return { workerId: r.worker_id, hostname: r.hostname, pid: Number(r.pid), startedAt: r.started_at, beatAt: r.beat_at };
}
