// npm run bench -- protect-view [--rows N] [--page N] [--rounds N]
// Rows/s through a masked, consent-filtered contractor view over HTTP with a contractor key (grant
// checks, keyset reads from PostgreSQL, blind-index consent join, per-field masking, sealed refs,
// canary rows, quota and the hash-chained access log), two ways: the streamed export
// (GET /api/v1/access/{view}/export, NDJSON, every line parsed by the client) and page pulls
// (GET /api/v1/access/{view}?limit=PAGE, one request per page) — next to a plain keyset SELECT of the
// same columns of the same rows from the same PostgreSQL table, PAGE rows per query, in the same run
// (target >= 50 %). Best of ROUNDS for each; the first pass warms both up. pipguard runs as its own
// `pipguard serve` process on a fresh SQLite database (as deployed), so this process is only the
// client of both — as it is of PostgreSQL for the plain SELECT. The operator table lives in a fresh PostgreSQL schema; pipguard's own database is a
// fresh SQLite file. Every customer consented, so both sides move the same rows. The JSON line also
// gives the CPU µs per row of the best export round in each process (pipguard, this client,
// PostgreSQL; Linux /proc) — where an exported row's time goes.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { machine, startPipguard } from "./_server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rows = opt("rows", 5000);
const page = opt("page", 1000);
const rounds = opt("rounds", 3);
process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dist = (p) => join(process.cwd(), "packages", "server", "dist", p);
const server = await import(dist("index.js"));
const { setupBroadband, BROADBAND_VIEW } = await import(dist("access/testing.js"));
const pg = (await import("pg")).default;

const dataDir = mkdtempSync(join(tmpdir(), "pipguard-bench-view-"));
const env = {
  NODE_ENV: "development",
  PIPGUARD_DATA_DIR: dataDir,
  DATABASE_URL: `sqlite:${join(dataDir, "pipguard.db")}`,
  PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
  PIPGUARD_LOG_LEVEL: "warn",
};
// Set-up in this process, on the database the server will open.
const ctx = await server.createContext(server.loadConfig(env));
process.stderr.write(`setting up ${rows} customers with consent…\n`);
const bb = await setupBroadband(ctx, { rows, consenting: rows, withdrawEvery: 0 });
const contractor = await server.createContractor(ctx, "bench contractor");
const { secret } = await server.createContractorKey(ctx, contractor.id, null);
await server.saveView(ctx, BROADBAND_VIEW);
await server.createGrant(
  ctx,
  { contractor: contractor.id, view: BROADBAND_VIEW.name, purpose: "telemarketing", expiresAt: "2099-01-01T00:00:00Z", dailyRowQuota: 100_000_000 },
  null,
);
await ctx.db.close();
// pipguard in its own process, as deployed; this process is only the client (as it is for PostgreSQL).
const pipguard = await startPipguard({ ...env, PIPGUARD_LOG_LEVEL: "info" });
const url = pipguard.url;

async function viaView() {
  let n = 0;
  let cursor = null;
  do {
    const r = await fetch(`${url}/api/v1/access/${BROADBAND_VIEW.name}?limit=${page}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    if (r.status !== 200) throw new Error(`pull failed: ${r.status} ${await r.text()}`);
    const body = await r.json();
    n += body.items.length;
    cursor = body.nextCursor;
  } while (cursor);
  return n;
}

/** The streamed export (NDJSON), every line parsed as a client would. */
async function viaExport(from = `${url}/api/v1/access/${BROADBAND_VIEW.name}/export`) {
  const r = await fetch(from, { headers: { authorization: `Bearer ${secret}` } });
  if (r.status !== 200) throw new Error(`export failed: ${r.status} ${await r.text()}`);
  const decoder = new TextDecoder();
  let n = 0;
  let rest = "";
  let end = null;
  for await (const chunk of r.body) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = lines.pop();
    for (const line of lines) {
      const o = JSON.parse(line);
      if (o.end) end = o.end;
      else if (o.error) throw new Error(`export stopped: ${o.error.code}`);
      else n++;
    }
  }
  if (!end?.exhausted || end.rows !== n) throw new Error("export incomplete");
  return n;
}

// The transport ceiling: the same rows as NDJSON over HTTP from a bare server (bench/_bare-ndjson-server.mjs).
const bare = spawn(process.execPath, [join(import.meta.dirname, "_bare-ndjson-server.mjs"), bb.storeUrl.replace(/[?&]schema=[^&]*/, ""), bb.schema], {
  stdio: ["ignore", "pipe", "inherit"],
});
const bareUrl = await new Promise((resolve, reject) => {
  bare.stdout.on("data", (d) => {
    const m = /listening (\S+)/.exec(String(d));
    if (m) resolve(`${m[1]}/export`);
  });
  bare.once("exit", (code) => reject(new Error(`the bare NDJSON server exited (${code})`)));
});
const viaBare = () => viaExport(bareUrl);

const client = new pg.Client({ connectionString: bb.storeUrl.replace(/[?&]schema=[^&]*/, "") });
await client.connect();
async function plainSelect() {
  let n = 0;
  let after = 0;
  for (;;) {
    const r = await client.query(`select id, mobile, name, plan, city from ${bb.schema}.customers where status = $1 and id > $2 order by id limit ${page}`, [
      "active",
      after,
    ]);
    if (r.rows.length === 0) return n;
    n += r.rows.length;
    after = r.rows[r.rows.length - 1].id;
  }
}

// CPU time (all threads) of pipguard, of this client and of PostgreSQL's processes, from /proc (Linux;
// elsewhere only this client's): where each exported row's time goes, per process.
const ticks = (stat) => {
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * (1e6 / 100); // utime + stime, USER_HZ = 100 → µs
};
const procCpu = (pid) => {
  try {
    return ticks(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
};
const postgresCpu = () => {
  let sum = 0;
  let seen = false;
  try {
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        if (!stat.includes(" (postgres) ")) continue;
        sum += ticks(stat);
        seen = true;
      } catch {
        // the process ended between the listing and the read
      }
    }
  } catch {
    return undefined;
  }
  return seen ? sum : undefined;
};
const cpuNow = () => {
  const c = process.cpuUsage();
  return { pipguard: procCpu(pipguard.pid), client: c.user + c.system, postgres: postgresCpu() };
};
const cpuPerRow = (a, b, n) => {
  const per = (k) => (a[k] === undefined || b[k] === undefined ? undefined : Math.round(((b[k] - a[k]) / n) * 100) / 100);
  return { pipguard: per("pipguard"), client: per("client"), postgres: per("postgres") };
};
const measure = async (fn) => {
  let best = 0;
  let count = 0;
  let cpu;
  for (let i = 0; i < rounds; i++) {
    const before = cpuNow();
    const t = performance.now();
    count = await fn();
    const rate = count / ((performance.now() - t) / 1000);
    if (rate > best) {
      best = rate;
      cpu = cpuPerRow(before, cpuNow(), count);
    }
  }
  return { rowsPerSecond: best, rows: count, cpuMicrosPerRow: cpu };
};
try {
  await viaView(); // warm up: connector pool, catalog, consent projection
  await plainSelect();
  await viaBare();
  const view = await measure(viaView);
  const exported = await measure(viaExport);
  const plain = await measure(plainSelect);
  const transport = await measure(viaBare);
  const round3 = (x) => Math.round(x * 1000) / 1000;
  console.log(JSON.stringify({ machine: await machine(), rows, page, rounds, view, exported, plain, transport }, null, 2));
  console.log(
    JSON.stringify({
      bench: "protect-view",
      metric: "rows/s through the masked contractor view, streamed export (NDJSON, parsed)",
      value: Math.round(exported.rowsPerSecond),
      baseline: `plain keyset SELECT of the same rows (pg, ${page} per query)`,
      baselineValue: Math.round(plain.rowsPerSecond),
      ratio: round3(exported.rowsPerSecond / plain.rowsPerSecond),
      pagedRowsPerSecond: Math.round(view.rowsPerSecond),
      pagedRatio: round3(view.rowsPerSecond / plain.rowsPerSecond),
      transportRowsPerSecond: Math.round(transport.rowsPerSecond),
      transportRatio: round3(transport.rowsPerSecond / plain.rowsPerSecond),
      exportOfTransport: round3(exported.rowsPerSecond / transport.rowsPerSecond),
      // CPU µs per row of the best export round, per process (USER_HZ resolution: ± 10 ms per round),
      // and of this client in the best plain SELECT round.
      exportCpuMicrosPerRow: exported.cpuMicrosPerRow,
      plainClientCpuMicrosPerRow: plain.cpuMicrosPerRow?.client,
    }),
  );
} finally {
  bare.kill("SIGTERM");
  await client.end();
  await pipguard.stop();
  await bb.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
