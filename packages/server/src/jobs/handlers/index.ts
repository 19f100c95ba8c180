import type { JobHandler } from "../handler.js";
import { jobsPrune } from "./jobs-prune.js";
import { sessionsCleanup } from "./sessions-cleanup.js";

/** Every built-in job type; a new handler file adds one entry here. */
export const BUILTIN_HANDLERS: readonly JobHandler[] = [sessionsCleanup, jobsPrune];
