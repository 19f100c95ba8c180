import type { z } from "zod";
import type { AppContext } from "../context.js";
import type { Logger } from "../logger.js";

/** What a handler gets besides its payload. */
export interface JobRunContext {
  ctx: AppContext;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the lease is lost or the worker stops waiting for this job: stop early. */
  signal: AbortSignal;
  /** Subsystem "jobs", bound to the job id and type. Never log the payload. */
  logger: Logger;
}

/** One job type: its name, payload schema (checked at enqueue and again before running) and code. */
export interface JobHandler<P = unknown> {
  /** `area.action`, e.g. `sessions.cleanup`. */
  type: string;
  description: string;
  /** Payloads carry ids, never personal data. Without a schema any JSON object is accepted. */
  payload?: z.ZodType<P>;
  /** Tries before the job is dead-lettered (default 5). */
  maxAttempts?: number;
  run(payload: P, run: JobRunContext): Promise<void>;
}

/** Declares a handler with its payload type inferred from the schema (one handler per file). */
export function defineHandler<P>(handler: JobHandler<P>): JobHandler {
  return handler as unknown as JobHandler;
}
