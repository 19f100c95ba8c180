import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI entry point (packages/cli/dist/bin.js). */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "bin.js");

/** A fresh data directory and an environment that points pipguard at it (SQLite, generated key). */
export function freshEnv(extra: Record<string, string> = {}): { dataDir: string; env: NodeJS.ProcessEnv } {
  const dataDir = mkdtempSync(join(tmpdir(), "pipguard-cli-"));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PIPGUARD_DATA_DIR: dataDir, PIPGUARD_LOG_LEVEL: "warn", ...extra };
  return { dataDir, env };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `pipguard serve` on a free port and resolves once it prints its URL. */
export async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; stderr: () => string; stdout: () => string }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    child.stderr?.on("data", (d) => {
      err += String(d);
      const m = /running at (http:\/\/\S+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`serve exited early (${code}): ${err}`)));
  });
  return { child, url, stderr: () => err, stdout: () => out };
}
