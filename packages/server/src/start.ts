import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Config } from "./config/config.js";
import { type AppContext, type CreateContextOptions, createContext } from "./context.js";
import { createApp } from "./http/app.js";
import { type RunningWorker, startWorker } from "./jobs/worker.js";
import { configureSubjectDataFromDir } from "./requests/datasets-dir.js";

export interface RunningServer extends AsyncDisposable {
  url: string;
  ctx: AppContext;
  /** The one-time setup token when no admin exists yet (printed by the CLI). */
  setupToken: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions extends CreateContextOptions {
  /** Seed hook run after migrations and before listening (e.g. the --demo organisation). */
  beforeListen?: (ctx: AppContext) => Promise<void>;
}

/** Builds the context, listens on config.host:port, runs the worker when enabled; close() drains. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, opts);
  const log = ctx.logger.child({ subsystem: "server" });
  await opts.beforeListen?.(ctx);
  const datasets = configureSubjectDataFromDir(ctx);
  const setupToken = await ctx.auth.issueSetupTokenIfNeeded();
  await ctx.changes.listen();
  const app = createApp(ctx);
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  const worker: RunningWorker | undefined = config.runWorker ? startWorker(ctx, { concurrency: config.workerConcurrency }) : undefined;
  log.info({ url, database: ctx.db.describe, worker: Boolean(worker), datasets }, "pipguard listening");
  if (!config.publicUrl) log.warn("PIPGUARD_PUBLIC_URL is not set: export download links sent to requesters are relative paths");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info("shutting down: no new connections, draining requests");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if ("closeAllConnections" in server) server.closeAllConnections();
          resolve();
        }, config.shutdownGraceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      });
      await worker?.stop();
      await ctx.changes.close();
      await ctx.db.close();
      log.info("stopped");
    })();
    return closing;
  };
  return { url, ctx, setupToken, close, [Symbol.asyncDispose]: close };
}
