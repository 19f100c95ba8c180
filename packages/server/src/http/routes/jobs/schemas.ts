import { z } from "@hono/zod-openapi";
import { JOB_STATUSES } from "../../../jobs/job.js";

export const JobStatusSchema = z.enum(JOB_STATUSES).openapi("JobStatus");

export const JobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    status: JobStatusSchema,
    priority: z.number().int(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAt: z.string(),
    lockedBy: z.string().nullable(),
    lockedUntil: z.string().nullable(),
    dedupeKey: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: "the last failure, with PI-looking values masked" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Job");
export type JobView = z.infer<typeof JobSchema>;

export const JobDetailSchema = JobSchema.extend({
  payload: z.unknown().openapi({ description: "the job's input: ids only, never personal data" }),
}).openapi("JobDetail");

export const JobListQuerySchema = z.object({
  status: JobStatusSchema.optional(),
  type: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const JobListSchema = z.object({ items: z.array(JobSchema) }).openapi("JobList");

export const WorkerSchema = z
  .object({
    workerId: z.string(),
    hostname: z.string(),
    pid: z.number().int(),
    startedAt: z.string(),
    beatAt: z.string(),
    fresh: z.boolean().openapi({ description: "beat within the last 3 heartbeat intervals" }),
  })
  .openapi("JobWorker");

export const JobStatsSchema = z
  .object({
    counts: z.object({ queued: z.number().int(), running: z.number().int(), succeeded: z.number().int(), failed: z.number().int(), dead: z.number().int() }),
    workers: z.array(WorkerSchema),
    health: z.enum(["ok", "stale", "disabled", "unknown"]),
  })
  .openapi("JobStats");

export const JobIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
