// Scan throughput (issue 5): a generated ~100 MB mixed Chinese/English log file, scanned end to end
// from the file in 4 MB chunks, structured detectors only and with names + addresses, next to a
// plain JS byte loop over the same bytes (the ceiling) and @redactpii/node on the same text; then
// the p99 of redacting an 8 KB prompt and the cells/s of database column classification. Ends with
// one JSON line (CONVENTIONS.md).
// Run: npm run bench -- scan [--mb N]
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Redactor } from "@redactpii/node";
import Database from "better-sqlite3";
import { classifyColumn, DETECTOR_TYPES, DICTIONARY_TYPES, generateLabelledLines, rng, scanBytes, ValueGen } from "../packages/core/dist/index.js";
import { classifyDatabase } from "../packages/server/dist/detect/db-scan.js";
import { redactText } from "../packages/server/dist/detect/redact.js";

const mbArg = process.argv.indexOf("--mb");
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 100;
const dir = join(tmpdir(), "pipguard-bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `scan-${targetMb}mb.log`);

// ~1 line in 6 carries PI; the rest is the ordinary noise of a service log.
function generate() {
  const r = rng(42);
  const pi = generateLabelledLines(4000, 11).map((l) => l.text);
  const svc = ["order-service", "gateway", "user-center", "payment", "push"];
  const msg = [
    "请求处理完成",
    "cache miss, loading from db",
    "用户登录成功",
    "下单成功，等待支付",
    "retrying upstream call",
    "库存扣减完成",
    "GET /api/v2/items?page=3 200",
    "定时任务执行完毕",
  ];
  const lines = [];
  for (let i = 0; i < 20000; i++) {
    const ts = `2024-05-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}T${String(Math.floor(r() * 24)).padStart(2, "0")}:${String(Math.floor(r() * 60)).padStart(2, "0")}:00.${Math.floor(r() * 900) + 100}Z`;
    const body =
      r() < 1 / 6
        ? pi[Math.floor(r() * pi.length)]
        : `${msg[Math.floor(r() * msg.length)]} traceId=${Math.floor(r() * 1e15).toString(16)} latency=${Math.floor(r() * 900)}ms`;
    lines.push(`${ts} INFO [${svc[Math.floor(r() * svc.length)]}] ${body}\n`);
  }
  const block = Buffer.from(lines.join(""));
  const reps = Math.ceil((targetMb * 1e6) / block.length);
  const fd = openSync(file, "w");
  for (let i = 0; i < reps; i++) writeFileSync(fd, block);
  closeSync(fd);
}
if (!existsSync(file) || statSync(file).size < targetMb * 1e6) generate();
const size = statSync(file).size;
const MB = size / 1e6;

/** Reads the file in 4 MB chunks cut at the last newline, calling fn(bytes) for each. */
function eachChunk(fn) {
  const fd = openSync(file, "r");
  const buf = Buffer.allocUnsafe(4 << 20);
  let carry = 0;
  for (;;) {
    const n = readSync(fd, buf, carry, buf.length - carry, null);
    const end = carry + n;
    if (n === 0) {
      if (end > 0) fn(buf.subarray(0, end));
      break;
    }
    let cut = buf.lastIndexOf(10, end - 1) + 1;
    if (cut === 0) cut = end;
    fn(buf.subarray(0, cut));
    buf.copy(buf, 0, cut, end);
    carry = end - cut;
  }
  closeSync(fd);
}

// Wall-clock MB/s is the end-to-end figure; CPU-time MB/s is printed beside it because the
// benchmark machine is shared (a busy neighbour lowers wall-clock throughput, not CPU time).
function timed(label, fn) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const extra = fn();
  const s = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const rate = MB / s;
  const cpuRate = MB / ((cu.user + cu.system) / 1e6);
  console.log(
    `${label.padEnd(40)} ${rate.toFixed(1).padStart(8)} MB/s wall ${cpuRate.toFixed(1).padStart(8)} MB/s cpu  (${s.toFixed(2)} s)${extra ? `  ${extra}` : ""}`,
  );
  return rate;
}

console.log(`file ${file}: ${MB.toFixed(1)} MB; ${cpus().length} CPUs, ${cpus()[0]?.model}; node ${process.version}`);
const structured = new Set(DETECTOR_TYPES.filter((t) => !DICTIONARY_TYPES.includes(t)));

const ceiling = timed("plain JS byte loop (ceiling)", () => {
  let lines = 0;
  let high = 0;
  eachChunk((b) => {
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c === 10) lines++;
      else if (c >= 0x80) high++;
    }
  });
  return `${lines} lines, ${high} non-ASCII bytes`;
});
const fast = timed("pipguard, structured detectors", () => {
  let n = 0;
  eachChunk((b) => {
    n += scanBytes(b, { types: structured }).length;
  });
  return `${n} findings`;
});
const all = timed("pipguard, + names and addresses", () => {
  let n = 0;
  eachChunk((b) => {
    n += scanBytes(b).length;
  });
  return `${n} findings`;
});

// The peer library works on strings and is far slower: it runs on the first 8 MB and is reported
// as MB/s over that sample.
const sampleBytes = 8e6;
const redactor = new Redactor();
let peer = 0;
{
  const fd = openSync(file, "r");
  const buf = Buffer.allocUnsafe(sampleBytes);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, buf.lastIndexOf(10, n - 1) + 1).toString("utf8");
  const lines = text.split("\n");
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const l of lines) redactor.redact(l);
  const s = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  peer = sampleBytes / 1e6 / s;
  const cpuRate = sampleBytes / (cu.user + cu.system);
  console.log(
    `${"@redactpii/node redact() (8 MB sample)".padEnd(40)} ${peer.toFixed(1).padStart(8)} MB/s wall ${cpuRate.toFixed(1).padStart(8)} MB/s cpu  (${s.toFixed(2)} s)`,
  );
}

// Prompt redaction: an 8 KB prompt with PI scattered through it, masked end to end by the server's
// redactText (what POST /api/v1/redact and the LLM gateway run). Wall-clock p99 on a shared machine
// is mostly the scheduler; the CPU-time p99 of the same iterations is printed beside it.
const promptLines = generateLabelledLines(400, 5).map((l) => l.text);
let prompt = "";
for (let i = 0; Buffer.byteLength(prompt) < 8192; i++) prompt += `${promptLines[i]}。请根据以上信息回答问题。`;
const ITER = 20000;
const times = new Float64Array(ITER);
const cpuTimes = new Float64Array(ITER);
for (let i = 0; i < 2000; i++) redactText(prompt, { mode: "mask" });
for (let i = 0; i < ITER; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  redactText(prompt, { mode: "mask" });
  times[i] = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  cpuTimes[i] = (cu.user + cu.system) / 1000;
}
times.sort();
cpuTimes.sort();
const pct = (a, q) => a[Math.min(a.length - 1, Math.floor(a.length * q))];
const p99 = pct(times, 0.99);
const cpuP99 = pct(cpuTimes, 0.99);
console.log(
  `prompt redaction (${Buffer.byteLength(prompt)} bytes, ${ITER} runs): wall p50 ${pct(times, 0.5).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms; cpu p50 ${pct(cpuTimes, 0.5).toFixed(3)} ms, p99 ${cpuP99.toFixed(3)} ms`,
);

// Database column classification: 90 tables x 12 columns x 1,000 sampled rows (1.08 M cells) of
// the kinds an operator's tables hold, classified column by column, next to a loop that only turns
// every cell into a string (the baseline); then the db-scan path end to end on a SQLite file.
const cr = rng(5);
const vg = new ValueGen(cr);
const COLUMNS = [
  ["id", () => Math.floor(cr() * 1e7)],
  ["mobile", () => vg.mobile()],
  ["email", () => vg.email()],
  ["id_card", () => vg.residentId()],
  ["customer_name", () => vg.name()],
  ["address", () => vg.address()],
  ["created_at", () => `2024-0${1 + Math.floor(cr() * 9)}-1${Math.floor(cr() * 9)} 12:${10 + Math.floor(cr() * 49)}:00`],
  ["amount", () => Number((cr() * 1000).toFixed(2))],
  ["status", () => ["paid", "pending", "refunded", "已发货"][Math.floor(cr() * 4)]],
  ["note", () => ["请尽快发货", "no note", "客户要求周末送达", `order ${Math.floor(cr() * 1e9)}`][Math.floor(cr() * 4)]],
  ["card_no", () => vg.card()],
  ["last_ip", () => `${1 + Math.floor(cr() * 223)}.${Math.floor(cr() * 255)}.${Math.floor(cr() * 255)}.${Math.floor(cr() * 255)}`],
];
const TABLES = 90;
const ROWS = 1000;
const tables = Array.from({ length: TABLES }, () => COLUMNS.map(([name, gen]) => [name, Array.from({ length: ROWS }, gen)]));
const cells = TABLES * COLUMNS.length * ROWS;
function cellRate(label, fn) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const extra = fn();
  const s = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const rate = cells / s / 1e6;
  const cpuRate = cells / ((cu.user + cu.system) / 1e6) / 1e6;
  console.log(
    `${label.padEnd(40)} ${rate.toFixed(2).padStart(8)} M cells/s wall ${cpuRate.toFixed(2).padStart(6)} M cells/s cpu  (${s.toFixed(2)} s)${extra ? `  ${extra}` : ""}`,
  );
  return rate;
}
const cellBaseline = cellRate("cells to strings (baseline)", () => {
  let len = 0;
  for (const t of tables) for (const [, vals] of t) for (const v of vals) len += (typeof v === "string" ? v : String(v)).length;
  return `${cells} cells, ${len} chars`;
});
// One warm-up table, as a long-running server would be warm.
for (const [name, vals] of tables[0]) classifyColumn(name, vals);
const columnRate = cellRate("classifyColumn", () => {
  const kinds = new Set();
  for (const t of tables) for (const [name, vals] of t) kinds.add(`${name}=${classifyColumn(name, vals)?.type ?? "-"}`);
  return [...kinds].join(" ");
});
let dbRate = 0;
{
  const dbFile = join(dir, "columns.sqlite");
  const dbRows = cells / COLUMNS.length;
  if (!existsSync(dbFile)) {
    const db = new Database(dbFile);
    db.exec(`CREATE TABLE customers (${COLUMNS.map(([n]) => `"${n}"`).join(", ")})`);
    const ins = db.prepare(`INSERT INTO customers VALUES (${COLUMNS.map(() => "?").join(", ")})`);
    db.transaction(() => {
      for (let i = 0; i < dbRows; i++) ins.run(...COLUMNS.map(([, gen]) => gen()));
    })();
    db.close();
  }
  const t0 = performance.now();
  const found = await classifyDatabase(dbFile, { sample: dbRows });
  const s = (performance.now() - t0) / 1000;
  dbRate = cells / s / 1e6;
  console.log(
    `${"scan --db path (SQLite, 90k rows x 12)".padEnd(40)} ${dbRate.toFixed(2).padStart(8)} M cells/s wall  (${s.toFixed(2)} s)  ${found.map((f) => `${f.column}=${f.type}`).join(" ")}`,
  );
}

console.log(
  JSON.stringify({
    bench: "scan",
    metric: "MB/s",
    value: Number(fast.toFixed(1)),
    baseline: "plain JS byte loop",
    baselineValue: Number(ceiling.toFixed(1)),
    ratio: Number((fast / ceiling).toFixed(3)),
    withNamesAndAddresses: Number(all.toFixed(1)),
    redactpiiNode: Number(peer.toFixed(2)),
    promptP99Ms: Number(p99.toFixed(3)),
    promptCpuP99Ms: Number(cpuP99.toFixed(3)),
    columnCellsPerSec: Math.round(columnRate * 1e6),
    columnBaselineCellsPerSec: Math.round(cellBaseline * 1e6),
    dbScanCellsPerSec: Math.round(dbRate * 1e6),
  }),
);
