import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { HEARTBEAT_MS } from "../../../jobs/heartbeats.js";
import type { Job } from "../../../jobs/job.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { JobDetailSchema, JobIdParamsSchema, JobListQuerySchema, JobListSchema, JobStatsSchema, type JobView } from "./schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const list = secureRoute({
  method: "get",
  path: "/api/v1/jobs",
  auth: "jobs:read",
  tags: ["jobs"],
  summary: "List background jobs, newest first, by status and type",
  request: { query: JobListQuerySchema },
  responses: { 200: { description: "jobs", ...json(JobListSchema) }, ...errorResponses("jobs:read") },
});
const stats = secureRoute({
  method: "get",
  path: "/api/v1/jobs/stats",
  auth: "jobs:read",
  tags: ["jobs"],
  summary: "Jobs per status and the workers with their last heartbeat",
  responses: { 200: { description: "stats", ...json(JobStatsSchema) }, ...errorResponses("jobs:read") },
});
const get = secureRoute({
  method: "get",
  path: "/api/v1/jobs/{id}",
  auth: "jobs:read",
  tags: ["jobs"],
  summary: "One job with its payload (ids only) and last error",
  request: { params: JobIdParamsSchema },
  responses: { 200: { description: "job", ...json(JobDetailSchema) }, ...errorResponses("jobs:read") },
});
const retry = secureRoute({
  method: "post",
  path: "/api/v1/jobs/{id}/retry",
  auth: "jobs:write",
  tags: ["jobs"],
  summary: "Put a dead or failed job back in the queue with fresh attempts",
  request: { params: JobIdParamsSchema },
  responses: {
    200: { description: "queued again", ...json(JobDetailSchema) },
    409: { description: "the job is not dead or failed" },
    ...errorResponses("jobs:write"),
  },
});

function view(j: Job): JobView {
  const { payload: _payload, ...rest } = j;
  return rest;
}

/** The job queue: inspect jobs and workers, retry dead letters. */
export function registerJobRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const q = c.req.valid("query");
    const items = await c.get("ctx").jobs.list({ limit: q.limit, ...(q.status ? { status: q.status } : {}), ...(q.type ? { type: q.type } : {}) });
    return c.json({ items: items.map(view) }, 200);
  });
  // Registered before /{id} so "stats" is not read as a job id.
  app.openapi(stats, async (c) => {
    const jobs = c.get("ctx").jobs;
    const now = c.get("ctx").clock.now().getTime();
    const [{ counts }, workers, health] = await Promise.all([jobs.stats(), jobs.heartbeats.list(), jobs.workerHealth()]);
    return c.json({ counts, workers: workers.map((w) => ({ ...w, fresh: now - Date.parse(w.beatAt) <= 3 * HEARTBEAT_MS })), health }, 200);
  });
  app.openapi(get, async (c) => {
    const job = await c.get("ctx").jobs.get(c.req.valid("param").id);
    if (!job) throw new DomainError("NOT_FOUND", "no such job");
    return c.json(job, 200);
  });
  app.openapi(retry, async (c) => {
    const ctx = c.get("ctx");
    const job = await ctx.jobs.retry(c.req.valid("param").id);
    ctx.logger.info({ subsystem: "jobs", jobId: job.id, type: job.type }, "job queued again by hand");
    return c.json(job, 200);
  });
}
