import type { AppContext } from "../context.js";

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Starts claiming and running jobs and the cron scheduler. (Filled in by the jobs work.) */
export function startWorker(_ctx: AppContext): RunningWorker {
  return { stop: async () => {} };
}
