// Helpers for benchmarks that drive a real `pipguard serve` process over loopback.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(process.cwd(), "packages", "cli", "dist", "bin.js");

/** Starts pipguard on a free port with a fresh data dir; returns url, setup token and stop(). */
export async function startPipguard(extraEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pipguard-bench-"));
  const env = { ...process.env, PIPGUARD_DATA_DIR: dataDir, PIPGUARD_LOG_LEVEL: "info", NODE_ENV: "development", ...extraEnv };
  // Request logs stay on (as in production) but go to /dev/null.
  // BENCH_SERVER_CPU_PROF=DIR profiles the server process alone (summarise with scripts/cpuprofile-summary.mjs).
  const prof = process.env.BENCH_SERVER_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, BIN, "serve", "--port", "0", "--no-worker"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  const { url, token } = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pipguard did not start: ${err}`)), 60_000);
    child.stderr.on("data", (d) => {
      err += String(d);
      const m = /running at (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], token: /"token":"([A-Za-z0-9_-]+)"/.exec(err)?.[1] });
      }
    });
    child.once("exit", (code) => reject(new Error(`pipguard exited (${code}): ${err}`)));
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, token, stop, pid: child.pid };
}

/** Creates the first admin with the setup token and returns an admin API key with the given scopes. */
export async function adminApiKey(url, token, scopes) {
  const password = "bench-admin-password";
  const post = (path, body, headers = {}) =>
    fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  let r = await post("/api/v1/setup", { token, username: "bench", password });
  if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${await r.text()}`);
  r = await post("/api/v1/auth/login", { username: "bench", password });
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrfToken } = await r.json();
  r = await post("/api/v1/api-keys", { name: "bench", scopes }, { cookie, "x-csrf-token": csrfToken });
  if (r.status !== 201) throw new Error(`api key failed: ${r.status} ${await r.text()}`);
  return (await r.json()).secret;
}

/** The machine, for the record (docs/benchmarks.md). */
export async function machine() {
  const os = await import("node:os");
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/** A fresh PostgreSQL schema for one benchmark run: the DATABASE_URL that selects it, and drop(). */
export async function pgBenchSchema(pgUrl) {
  const pg = (await import("pg")).default;
  const schema = `bench_${Date.now().toString(36)}`;
  const run = async (q) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await run(`create schema ${schema}`);
  const u = new URL(pgUrl);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return { schema, env: { DATABASE_URL: u.toString() }, drop: () => run(`drop schema if exists ${schema} cascade`) };
}

/**
 * Runs another bench script (bench/NAME.mjs) as a child process and returns its last line parsed:
 * how one bench includes another's measurement (e.g. `protect` includes `protect-view`).
 */
export async function runBenchScript(name, args = []) {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [`bench/${name}.mjs`, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const code = await new Promise((resolve) => child.on("close", resolve));
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0 && !last.startsWith("{")) throw new Error(`bench ${name} exited with ${code}`);
  return JSON.parse(last);
}
