import { type AppContext, createContext, createLogger, loadConfig } from "@pipguard/server";

/** Runs `fn` against the local database (in-process mode) and closes it afterwards. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // CLI commands log warnings only, to stderr, so stdout stays clean for --json.
  const logger = createLogger({ level: process.env.PIPGUARD_LOG_LEVEL ?? "warn", destination: process.stderr as never });
  const ctx = await createContext(config, { logger });
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** Reads all of standard input as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
