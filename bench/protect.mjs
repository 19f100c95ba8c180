// npm run bench -- protect [--rows N] [--seconds S]
// Protection benchmarks, one section each (issue 6, Performance). Every section measures against a
// baseline in the same run and adds its figures to the summary; the last line is the one JSON line.
//   crypto   — encrypt/decrypt MB/s through the keyring (AES-256-GCM, SM4-CTR+HMAC-SM3) next to a raw
//              node:crypto AES-256-GCM loop
//   protect  — `protect column` rows/s on PostgreSQL (100k rows) next to `UPDATE t SET col = col`;
//              undo rows/s
//   rotate   — `keys rotate` (reencryptAll) rows/s over a table of pipguard's own (SQLite) next to
//              `UPDATE t SET col = col`
//   view     — rows/s through a masked, consent-filtered contractor view over HTTP (streamed export
//              and page pulls) next to a plain SELECT of the same rows (bench/protect-view.mjs, run
//              as a child; target >= 50 %)
// A new section is one more async function in SECTIONS returning { name, lines: string[], json: {...} }.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { catalogService, createContext, createLogger, fixedPlace, loadConfig, protectColumn, reencryptAll } from "../packages/server/dist/index.js";
import { machine, runBenchScript } from "./_server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROWS = opt("rows", 100_000);
const SECONDS = opt("seconds", 1.5);
const PG_ADMIN = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A pipguard context on a throwaway SQLite database (the CLI's in-process mode). */
async function benchContext() {
  const dataDir = mkdtempSync(join(tmpdir(), "pipguard-bench-protect-"));
  const config = loadConfig({
    NODE_ENV: "test",
    PIPGUARD_DATA_DIR: dataDir,
    PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
    PIPGUARD_LOG_LEVEL: "warn",
  });
  const ctx = await createContext(config, { logger: createLogger({ level: "warn" }) });
  return {
    ctx,
    dispose: async () => {
      await ctx.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` over `items` repeatedly for about `seconds`; returns bytes/s of `bytesPer` per call. */
function throughput(fn, items, bytesPer, seconds = SECONDS) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (const it of items) fn(it);
    n += items.length;
    now = performance.now();
  }
  return (n * bytesPer) / ((now - start) / 1000) / 1e6;
}

async function cryptoSection({ ctx }) {
  const SIZE = 1024;
  const values = Array.from({ length: 256 }, () => randomBytes(SIZE * 0.75).toString("base64")); // 1 KiB ASCII strings
  const place = "protect:bench.value";
  const out = {};
  const key = randomBytes(32);
  const rawSealed = values.map((v) => {
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", key, iv);
    return [iv, Buffer.concat([c.update(v, "utf8"), c.final()]), c.getAuthTag()];
  });
  // Alternate baseline and measured twice so machine noise falls on both.
  const raw = { enc: [], dec: [] };
  const ring = { aes: { enc: [], dec: [] }, sm4: { enc: [], dec: [] } };
  const ids = { aes: await ctx.keyring.keyFor("aes-256-gcm"), sm4: await ctx.keyring.keyFor("sm4-ctr-hmac-sm3") };
  const cts = { aes: values.map((v) => ctx.keyring.encrypt(v, place, ids.aes)), sm4: values.map((v) => ctx.keyring.encrypt(v, place, ids.sm4)) };
  for (let round = 0; round < 2; round++) {
    raw.enc.push(
      throughput(
        (v) => {
          const c = createCipheriv("aes-256-gcm", key, randomBytes(12));
          c.update(v, "utf8");
          c.final();
          c.getAuthTag();
        },
        values,
        SIZE,
      ),
    );
    raw.dec.push(
      throughput(
        ([iv, ct, tag]) => {
          const d = createDecipheriv("aes-256-gcm", key, iv);
          d.setAuthTag(tag);
          d.update(ct);
          d.final();
        },
        rawSealed,
        SIZE,
      ),
    );
    for (const s of ["aes", "sm4"]) {
      ring[s].enc.push(throughput((v) => ctx.keyring.encrypt(v, place, ids[s]), values, SIZE));
      ring[s].dec.push(throughput((c) => ctx.keyring.decrypt(c, place), cts[s], SIZE));
    }
  }
  const best = (xs) => Math.max(...xs);
  out.rawAesEncMBs = best(raw.enc);
  out.rawAesDecMBs = best(raw.dec);
  out.aesEncMBs = best(ring.aes.enc);
  out.aesDecMBs = best(ring.aes.dec);
  out.sm4EncMBs = best(ring.sm4.enc);
  out.sm4DecMBs = best(ring.sm4.dec);
  const f = (x) => x.toFixed(1);
  return {
    name: "crypto",
    lines: [
      `1 KiB values, best of 2 × ${SECONDS} s:`,
      `  raw node:crypto AES-256-GCM   encrypt ${f(out.rawAesEncMBs)} MB/s, decrypt ${f(out.rawAesDecMBs)} MB/s  (baseline)`,
      `  keyring AES-256-GCM           encrypt ${f(out.aesEncMBs)} MB/s, decrypt ${f(out.aesDecMBs)} MB/s`,
      `  keyring SM4-CTR + HMAC-SM3    encrypt ${f(out.sm4EncMBs)} MB/s, decrypt ${f(out.sm4DecMBs)} MB/s`,
    ],
    json: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Number(v.toFixed(1))])),
  };
}

async function protectSection({ ctx }) {
  const name = `bench_protect_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    // Generated values, not real people's.
    await c.query(`create table members (id integer primary key, name varchar(40) not null, email varchar(60), mobile varchar(20))`);
    await c.query(`insert into members select g, 'member ' || g, 'user' || g || '@example.com', '138' || lpad(g::text, 8, '0') from generate_series(1, $1) g`, [
      ROWS,
    ]);
    await c.query("vacuum analyze members");
    let s = performance.now();
    await c.query("update members set email = email");
    const baseMs = performance.now() - s;
    await c.query("vacuum members");
    const svc = catalogService(ctx);
    const system = await svc.createSystem({ key: "bench", name: "Bench", kind: "backend" });
    await svc.createStore({ key: "bench-pg", systemId: system.id, name: "Bench PG", kind: "postgres", connection: url.toString() });
    s = performance.now();
    const r = await protectColumn(ctx, { store: "bench-pg", table: "members", column: "email", scheme: "aes", batch: 1000 });
    const protectMs = performance.now() - s;
    s = performance.now();
    const sm4 = await protectColumn(ctx, { store: "bench-pg", table: "members", column: "mobile", scheme: "sm4", batch: 1000 });
    const sm4Ms = performance.now() - s;
    s = performance.now();
    await protectColumn(ctx, { store: "bench-pg", table: "members", column: "email", scheme: "aes", batch: 1000, undo: true });
    const undoMs = performance.now() - s;
    const rps = (ms) => ROWS / (ms / 1000);
    const json = {
      rows: ROWS,
      protectAesRowsPerS: Math.round(rps(protectMs)),
      protectSm4RowsPerS: Math.round(rps(sm4Ms)),
      undoAesRowsPerS: Math.round(rps(undoMs)),
      updateSetColRowsPerS: Math.round(rps(baseMs)),
    };
    if (r.changed !== ROWS || sm4.changed !== ROWS) throw new Error("protect did not encrypt every row");
    return {
      name: "protect",
      lines: [
        `PostgreSQL, ${ROWS} rows, batches of 1000:`,
        `  UPDATE members SET email = email (one statement)   ${json.updateSetColRowsPerS} rows/s  (baseline)`,
        `  protect column email --scheme aes                    ${json.protectAesRowsPerS} rows/s`,
        `  protect column mobile --scheme sm4                   ${json.protectSm4RowsPerS} rows/s`,
        `  protect column email --undo                          ${json.undoAesRowsPerS} rows/s`,
      ],
      json,
    };
  } finally {
    await c.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function rotateSection({ ctx }) {
  const n = Math.min(ROWS, 50_000);
  const k = ctx.db.kysely;
  await k.schema
    .createTable("bench_values")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("value_ct", "text")
    .execute();
  const place = "bench_values.value";
  for (let i = 0; i < n; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) rows.push({ id: String(j).padStart(8, "0"), value_ct: ctx.keyring.encrypt(`user${j}@example.com`, place) });
    await k.insertInto("bench_values").values(rows).execute();
  }
  let s = performance.now();
  await k
    .updateTable("bench_values")
    .set((eb) => ({ value_ct: eb.ref("value_ct") }))
    .execute();
  const baseMs = performance.now() - s;
  await ctx.keyring.rotateDataKey();
  s = performance.now();
  const r = await reencryptAll({
    db: ctx.db,
    keyring: ctx.keyring,
    batchSize: 500,
    columns: [{ table: "bench_values", id: "id", column: "value_ct", place: fixedPlace(place) }],
  });
  const rotateMs = performance.now() - s;
  if (r.rewritten !== n) throw new Error("rotation did not rewrite every row");
  const json = { rotateRows: n, rotateRowsPerS: Math.round(n / (rotateMs / 1000)), rotateBaselineRowsPerS: Math.round(n / (baseMs / 1000)) };
  return {
    name: "rotate",
    lines: [
      `keys rotate over ${n} rows of pipguard's own SQLite database, batches of 500:`,
      `  UPDATE bench_values SET value_ct = value_ct   ${json.rotateBaselineRowsPerS} rows/s  (baseline)`,
      `  reencryptAll (decrypt + encrypt + guarded UPDATE)  ${json.rotateRowsPerS} rows/s`,
    ],
    json,
  };
}

async function viewSection() {
  const r = await runBenchScript("protect-view");
  return {
    name: "view",
    lines: [
      `masked contractor view, streamed export: ${r.value.toLocaleString("en")} rows/s; page pulls: ${r.pagedRowsPerSecond.toLocaleString("en")} rows/s; plain SELECT: ${r.baselineValue.toLocaleString("en")} rows/s; ratio ${r.ratio} (export), ${r.pagedRatio} (pages)`,
    ],
    json: {
      viewRowsPerSecond: r.value,
      viewPagedRowsPerSecond: r.pagedRowsPerSecond,
      plainSelectRowsPerSecond: r.baselineValue,
      viewRatio: r.ratio,
      viewPagedRatio: r.pagedRatio,
    },
  };
}

const SECTIONS = [cryptoSection, protectSection, rotateSection, viewSection];

const env = await benchContext();
const summary = {};
try {
  console.log(`machine: ${JSON.stringify(await machine())}`);
  for (const section of SECTIONS) {
    const r = await section(env);
    console.log(`\n[${r.name}]\n${r.lines.join("\n")}`);
    Object.assign(summary, r.json);
  }
} finally {
  await env.dispose();
}
console.log(
  JSON.stringify({
    bench: "protect",
    metric: "MB/s (AES-256-GCM encrypt through the keyring, 1 KiB values)",
    value: summary.aesEncMBs,
    baseline: "raw node:crypto AES-256-GCM loop",
    baselineValue: summary.rawAesEncMBs,
    ratio: Number((summary.aesEncMBs / summary.rawAesEncMBs).toFixed(2)),
    ...summary,
  }),
);
