import { configureSubjectDataFromDir, createContext, createLogger, loadConfig, startWorker } from "@pipguard/server";
import type { Command } from "commander";

/** `pipguard worker`: run background jobs without serving HTTP. */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("run background jobs only / 仅运行后台任务")
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const ctx = await createContext(config, { logger });
      // Rights-request runs (requests.run jobs) reach the operator's stores through <data dir>/datasets/*.yaml.
      const datasets = configureSubjectDataFromDir(ctx);
      const worker = startWorker(ctx, { concurrency: config.workerConcurrency });
      logger.info({ subsystem: "worker", datasets }, "worker started");
      const stop = () => {
        void worker
          .stop()
          .then(() => ctx.db.close())
          .then(() => process.exit(0));
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    });
}
