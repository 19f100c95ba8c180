/** Tables of the jobs area (migration 0002-jobs). */
export interface JobTables {
  jobs: {
    id: string;
    type: string;
    payload: string; // JSON object; ids only, never personal data
    status: string; // queued | running | succeeded | failed | dead
    priority: number; // lower runs first
    attempts: number;
    max_attempts: number;
    run_at: string;
    locked_by: string | null;
    locked_until: string | null;
    dedupe_key: string | null;
    last_error: string | null; // scrubbed and truncated
    created_at: string;
    updated_at: string;
    started_at: string | null;
    finished_at: string | null;
  };
  worker_heartbeats: {
    worker_id: string;
    hostname: string;
    pid: number;
    started_at: string;
    beat_at: string;
  };
}
