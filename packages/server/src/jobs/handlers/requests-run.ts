import { z } from "zod";
import { executeRun } from "../../requests/request-runs.js";
import { defineHandler } from "../handler.js";

/**
 * Fulfils a rights request across the operator's stores (export or erasure), one transaction per
 * store; a failed store rolls back and the job retries with exponential backoff; a killed worker's
 * run resumes with the stores not yet done.
 */
export const requestsRun = defineHandler({
  type: "requests.run",
  description: "fulfil a rights request through the connectors: export or erase, store by store, resumable",
  payload: z.strictObject({ runId: z.string().min(1).max(64) }),
  maxAttempts: 8,
  async run(payload, { ctx, attempt, signal }) {
    await executeRun(ctx, payload.runId, { attempt, signal });
  },
});
