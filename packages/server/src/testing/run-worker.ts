/**
 * A worker process for crash tests: the same composition as `pipguard worker` (configuration from
 * the environment, datasets from <data dir>/datasets) with a short lease so a killed worker's job is
 * taken over in seconds. Prints "ready" on stdout once it is claiming. Not part of the product.
 */
import { loadConfig } from "../config/config.js";
import { createContext } from "../context.js";
import { startWorker } from "../jobs/worker.js";
import { createLogger } from "../logger.js";
import { configureSubjectDataFromDir } from "../requests/datasets-dir.js";

const config = loadConfig();
const ctx = await createContext(config, { logger: createLogger({ level: "warn", destination: process.stderr as never }) });
configureSubjectDataFromDir(ctx);
const worker = startWorker(ctx, {
  concurrency: 1,
  pollMs: 50,
  leaseMs: Number(process.env.PIPGUARD_TEST_LEASE_MS ?? 60_000),
  schedules: false,
  types: (process.env.PIPGUARD_TEST_JOB_TYPES ?? "requests.run").split(","),
});
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void worker
    .stop()
    .then(() => ctx.db.close())
    .then(() => process.exit(0));
});
