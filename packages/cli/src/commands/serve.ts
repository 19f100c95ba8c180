import { createLogger, loadConfig, type RunningServer, startServer } from "@pipguard/server";
import type { Command } from "commander";
import { seedDemo } from "./demo.js";

/** `pipguard serve [--demo]`: the API, privacy center and worker in one process. */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the pipguard server (API + worker) / 启动服务")
    .option("--demo", "seed a demo organisation on first run / 载入演示数据")
    .option("--port <port>", "listen on this port (overrides PORT)")
    .option("--no-worker", "do not run background jobs in this process")
    .action(async (opts: { demo?: boolean; port?: string; worker: boolean }) => {
      const env = { ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.worker === false ? { PIPGUARD_WORKER: "false" } : {}) };
      const config = loadConfig(env);
      const logger = createLogger({ level: config.logLevel });
      // Signal handlers go in first: a SIGTERM during start-up waits for start-up, then drains.
      let server: RunningServer | undefined;
      let stopping = false;
      const stop = () => {
        if (stopping) process.exit(1); // a second signal: leave now
        stopping = true;
        if (server) void server.close().then(() => process.exit(0));
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
      server = await startServer(config, { logger, ...(opts.demo ? { beforeListen: seedDemo } : {}) });
      if (stopping) {
        await server.close();
        process.exit(0);
      }
      // One write, so a reader sees the URL and the setup token together.
      let banner = `\npipguard is running at ${server.url}  (API docs: ${server.url}/openapi.json)\n管理控制台 / admin console: ${server.url}/admin/\n`;
      if (server.setupToken) {
        banner +=
          `\nNo admin user exists yet. 尚无管理员。Create the first one with this one-time setup token:\n` +
          `  curl -X POST ${server.url}/api/v1/setup -H 'content-type: application/json' \\\n` +
          `    -d '{"token":"${server.setupToken}","username":"admin","password":"<at least 12 characters>"}'\n` +
          `or enter it in the console's first-run form (${server.url}/admin/), or run: npm run pipguard -- admin create --username admin\n\n`;
      }
      process.stderr.write(banner);
    });
}
