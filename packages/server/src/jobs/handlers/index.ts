import type { JobHandler } from "../handler.js";
import { consentWebhook } from "./consent-webhook.js";
import { jobsPrune } from "./jobs-prune.js";
import { protectColumnJob } from "./protect-column.js";
import { requestsDeadlines } from "./requests-deadlines.js";
import { requestsOutbox } from "./requests-outbox.js";
import { requestsRun } from "./requests-run.js";
import { sessionsCleanup } from "./sessions-cleanup.js";
import { vaultsPurge } from "./vaults-purge.js";

/** Every built-in job type; a new handler file adds one entry here. */
export const BUILTIN_HANDLERS: readonly JobHandler[] = [
  sessionsCleanup,
  jobsPrune,
  requestsOutbox,
  requestsDeadlines,
  consentWebhook,
  requestsRun,
  vaultsPurge,
  protectColumnJob,
];
