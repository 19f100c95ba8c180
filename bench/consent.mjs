// npm run bench -- consent [--duration S] [--connections N] [--pg]
// (a) consent events/s ingested through POST /api/v1/consents (one per request) and POST /api/v1/consents/batch
//     (1,000 per request) — durable group commits, hash-chained — next to a raw batched INSERT of the same rows into the same database in the same run (target >= 50 %);
//     the batch request bodies are built before the timed window (since 2026-11-28; earlier figures include
//     the client's JSON work on the same 2 cores), as the baseline's rows are; a stricter raw INSERT
//     (1,000 rows per statement prepared once, measured after the baseline) is reported beside it, and
//     (SQLite) CPU µs per event of the server process next to CPU µs per row of the raw INSERT, which other
//     load on the machine moves far less than events/s;
// (b) in-process decisions/s with core's decide() next to a plain loop over the same states (target >= 1,000,000/s);
// (c) HTTP decisions/s and p50/p99 latency at saturation.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { adminApiKey, machine, pgBenchSchema, startPipguard } from "./_server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const duration = Number(opt("duration", 8));
const connections = Number(opt("connections", 32));
const usePg = args.includes("--pg");
const pgUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const core = await import(join(process.cwd(), "packages", "core", "dist", "index.js"));
/** CPU ms (user + system) a process has used so far, from /proc (Linux; undefined elsewhere). */
const cpuMsOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
};

// (b) first: pure CPU, before the server competes for the cores.
function inProcess() {
  const purposes = [
    core.compilePurpose({ code: "newsletter", legalBasis: "consent", requiredConsentKind: "general" }),
    core.compilePurpose({ code: "face_login", legalBasis: "consent", requiredConsentKind: "separate" }),
    core.compilePurpose({ code: "delivery", legalBasis: "contract_or_hr", requiredConsentKind: "none" }),
    core.BUILTIN_PERSONALISED_RECOMMENDATION,
  ];
  const actions = ["grant", "refuse", "withdraw"];
  const states = Array.from({ length: 4096 }, (_, i) => ({
    app: "shop",
    action: actions[i % 3],
    kind: i % 2 ? "separate" : "general",
    policyVersion: 1 + (i % 3),
    at: "2025-01-01T00:00:00.000Z",
    eventId: `e${i}`,
    seq: i,
    lastRefusalMs: Number.NaN,
  }));
  const policy = { version: 3, materialSince: 2 };
  const subject = { under14: false };
  const N = 5_000_000;
  const time = (fn) => {
    fn(200_000); // warm up
    const t = performance.now();
    const r = fn(N);
    return { perSecond: N / ((performance.now() - t) / 1000), r };
  };
  const decided = time((n) => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if (core.decide({ purpose: purposes[i & 3], state: states[i & 4095], subject, policy }).allow) allowed++;
    return allowed;
  });
  // Baseline: the same loop reading the same objects, with the decision replaced by one comparison.
  const plain = time((n) => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if (states[i & 4095].action === "grant" && purposes[i & 3].needsConsent) allowed++;
    return allowed;
  });
  return { decided: decided.perSecond, plain: plain.perSecond };
}
const inproc = inProcess();

const dataDir = mkdtempSync(join(tmpdir(), "pipguard-bench-consent-"));
const pgSchema = usePg ? await pgBenchSchema(pgUrl) : undefined;
const extraEnv = { ...pgSchema?.env };
extraEnv.PIPGUARD_DATA_DIR = dataDir;
extraEnv.PIPGUARD_MASTER_KEY = randomBytes(32).toString("base64");

const server = await startPipguard(extraEnv);
let result;
try {
  const key = await adminApiKey(server.url, server.token, ["catalog:write", "consent:read", "consent:write", "policies:write"]);
  const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const post = async (path, body, want = 201) => {
    const r = await fetch(`${server.url}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    if (r.status !== want) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  await post("/api/v1/catalog/systems", { key: "shop", name: "示例商城", kind: "app" });
  await post("/api/v1/catalog/purposes", { code: "newsletter", nameZh: "营销推送", nameEn: "Newsletter", legalBasis: "consent", necessity: "optional" });
  await post("/api/v1/catalog/purposes", {
    code: "face_login",
    nameZh: "人脸识别登录",
    nameEn: "Face login",
    legalBasis: "consent",
    necessity: "optional",
    consentKind: "separate",
  });
  const doc = await post("/api/v1/policies", { app: "shop", kind: "privacy_policy", title: "隐私政策" });
  await post(`/api/v1/policies/${doc.id}/versions`, { content: "第一版" });
  const subjects = [];
  for (let i = 0; i < 200; i++) subjects.push((await post("/api/v1/subjects", { ageBand: "adult" })).id);

  // (a) ingest through the API.
  let n = 0;
  const consentBody = () => {
    const i = n++;
    const sensitive = i % 2 === 1;
    return JSON.stringify({
      subjectId: subjects[i % subjects.length],
      app: "shop",
      purpose: sensitive ? "face_login" : "newsletter",
      action: i % 5 === 4 ? "withdraw" : "grant",
      kind: sensitive ? "separate" : "general",
      policyVersion: 1,
      channel: "bench",
    });
  };
  const ingest = await autocannon({
    url: `${server.url}/api/v1/consents`,
    connections,
    duration,
    requests: [{ method: "POST", headers: auth, setupRequest: (req) => ({ ...req, body: consentBody() }) }],
  });
  if (ingest.non2xx || ingest.errors) throw new Error(`ingest errors: non2xx ${ingest.non2xx}, errors ${ingest.errors}`);
  const apiEventsPerSecond = ingest["2xx"] / duration;
  // (a') the batch route: 1,000 events per request from 4 concurrent clients, each request acknowledged after its commits.
  // The request bodies (distinct events, the same shapes as above) are built before the timed window: the
  // clients share the 2 cores with the server, and the raw INSERT baseline pays no client-side JSON work either.
  // Enough for 80,000 events/s; past that, bodies are built in the window (and the figure is conservative).
  const batchBody = () => JSON.stringify({ events: Array.from({ length: 1000 }, () => JSON.parse(consentBody())) });
  const bodies = Array.from({ length: Math.ceil((duration * 80_000) / 1000) }, batchBody);
  let nextBody = 0;
  let batchEvents = 0;
  const batchLatencies = [];
  const batchEnd = performance.now() + duration * 1000;
  const batchStart = performance.now();
  const serverCpu0 = cpuMsOf(server.pid);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < batchEnd) {
        const t0 = performance.now();
        const body = nextBody < bodies.length ? bodies[nextBody++] : batchBody();
        const r = await fetch(`${server.url}/api/v1/consents/batch`, { method: "POST", headers: auth, body });
        if (r.status !== 200) throw new Error(`batch: ${r.status} ${await r.text()}`);
        const out = await r.json();
        if (out.failed) throw new Error(`batch: ${out.failed} events failed`);
        batchEvents += out.recorded;
        batchLatencies.push(performance.now() - t0);
      }
    }),
  );
  const batchEventsPerSecond = batchEvents / ((performance.now() - batchStart) / 1000);
  // The server's own CPU per event: unlike events/s, hardly moved by other processes on the machine.
  const serverCpu1 = cpuMsOf(server.pid);
  const serverCpuUsPerEvent = serverCpu0 === undefined || serverCpu1 === undefined ? undefined : ((serverCpu1 - serverCpu0) * 1000) / batchEvents;
  bodies.length = 0;
  batchLatencies.sort((x, y) => x - y);
  const batchP50 = Math.round(batchLatencies[Math.floor(batchLatencies.length / 2)]);
  const verify = await (await fetch(`${server.url}/api/v1/ledger/verify`, { headers: auth })).json();
  if (!verify.ok) throw new Error(`ledger broken after the run: ${JSON.stringify(verify)}`);

  // (c) HTTP decisions at saturation.
  let d = 0;
  const decisionBody = () => JSON.stringify({ subjectId: subjects[d++ % subjects.length], purpose: d % 2 ? "face_login" : "newsletter", app: "shop" });
  await autocannon({
    url: `${server.url}/api/v1/decisions`,
    connections,
    duration: 2,
    requests: [{ method: "POST", headers: auth, setupRequest: (r) => ({ ...r, body: decisionBody() }) }],
  });
  const dec = await autocannon({
    url: `${server.url}/api/v1/decisions`,
    connections,
    duration,
    requests: [{ method: "POST", headers: auth, setupRequest: (r) => ({ ...r, body: decisionBody() }) }],
  });
  if (dec.non2xx || dec.errors) throw new Error(`decision errors: ${dec.non2xx} ${dec.errors}`);

  // (a) baseline: the same rows, a raw batched INSERT (500 per statement, one commit each) into the same database.
  const rows = (await (await fetch(`${server.url}/api/v1/ledger/export`, { headers: auth })).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const cols = [
    "id",
    "seq",
    "subject_id",
    "app",
    "purpose",
    "action",
    "kind",
    "policy_version",
    "policy_hash",
    "notice_hash",
    "channel",
    "occurred_at",
    "prev_hash",
    "hash",
  ];
  const values = (e) => [
    `raw-${e.id}`,
    e.seq,
    e.subjectId,
    e.app,
    e.purpose,
    e.action,
    e.kind,
    e.policyVersion,
    e.policyHash,
    e.noticeHash,
    e.channel,
    e.at,
    e.prevHash,
    e.hash,
  ];
  // The same table shape as the ledger (primary key, unique seq, the subject index), so the ratio measures
  // pipguard's own work (HTTP, validation, rules, hashing) and not the cost of the indexes.
  const ddl = (table) =>
    `create table ${table} (${cols.map((c) => `${c} ${c === "seq" || c === "policy_version" ? "integer" : "text"}${c === "id" ? " primary key" : c === "seq" ? " unique" : ""}`).join(", ")})`;
  const indexDdl = (table) => `create index ${table}_subject_idx on ${table} (subject_id, purpose)`;
  const insertText = (table, n) =>
    `insert into ${table} (${cols.join(",")}) values ${Array.from({ length: n }, (_, r) => `(${cols.map((_, k) => (usePg ? `$${r * cols.length + k + 1}` : "?")).join(",")})`).join(",")}`;
  // The baseline: 500 rows per statement, each statement built (and prepared) afresh and committed on its own.
  // A stricter one, for the record: 1,000 rows per statement prepared once, a commit each — the shape of the
  // server's group commits, so it leaves only pipguard's own work in the difference.
  const rawInsert = async (table, perStatement, prepareOnce) => {
    let ms;
    let cpuUsPerRow; // SQLite only (in this process); PostgreSQL's work is in its own backend
    if (usePg) {
      const pg = (await import("pg")).default;
      const c = new pg.Client({ connectionString: extraEnv.DATABASE_URL });
      await c.connect();
      await c.query(ddl(table));
      await c.query(indexDdl(table));
      const t = performance.now();
      for (let i = 0; i < rows.length; i += perStatement) {
        const batch = rows.slice(i, i + perStatement);
        const text = insertText(table, batch.length);
        await c.query(prepareOnce ? { name: `${table}_${batch.length}`, text, values: batch.flatMap(values) } : { text, values: batch.flatMap(values) });
      }
      ms = performance.now() - t;
      await c.end();
    } else {
      const SQLite = (await import("better-sqlite3")).default;
      const db = new SQLite(join(dataDir, "pipguard.db"));
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(ddl(table));
      db.exec(indexDdl(table));
      const prepared = new Map();
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < rows.length; i += perStatement) {
        const batch = rows.slice(i, i + perStatement);
        let stmt = prepareOnce ? prepared.get(batch.length) : undefined;
        if (!stmt) {
          stmt = db.prepare(insertText(table, batch.length));
          if (prepareOnce) prepared.set(batch.length, stmt);
        }
        stmt.run(batch.flatMap(values));
      }
      ms = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      cpuUsPerRow = (cpu.user + cpu.system) / rows.length;
      db.close();
    }
    return { perSecond: rows.length / (ms / 1000), cpuUsPerRow };
  };
  const raw = await rawInsert("consent_events_raw", 500, false);
  const strict = await rawInsert("consent_events_raw1000", 1000, true);
  const rawPerSecond = raw.perSecond;
  const strictPerSecond = strict.perSecond;
  // CPU per event in the server next to CPU per row of the raw INSERT (SQLite: both in-process work).
  const cpuRatio = serverCpuUsPerEvent && raw.cpuUsPerRow ? Math.round((raw.cpuUsPerRow / serverCpuUsPerEvent) * 1000) / 1000 : undefined;

  console.log(`machine: ${JSON.stringify(await machine())}; database: ${usePg ? "postgres" : "sqlite"}; ${connections} connections, ${duration}s runs`);
  console.log(
    `(b) in-process decide(): ${Math.round(inproc.decided).toLocaleString("en")} decisions/s; plain loop over the same states: ${Math.round(inproc.plain).toLocaleString("en")}/s`,
  );
  console.log(
    `(a) API ingest: ${Math.round(apiEventsPerSecond)} events/s (p50 ${ingest.latency.p50} ms, p99 ${ingest.latency.p99} ms; ${rows.length} events, ledger verified); raw batched INSERT of the same rows: ${Math.round(rawPerSecond)} rows/s`,
  );
  console.log(
    `(a') API batch ingest (1,000 events/request, 4 clients): ${Math.round(batchEventsPerSecond)} events/s (request p50 ${batchP50} ms); ratio to raw ${(batchEventsPerSecond / rawPerSecond).toFixed(3)}; to the stricter raw INSERT (1,000 rows/statement, prepared once: ${Math.round(strictPerSecond)} rows/s) ${(batchEventsPerSecond / strictPerSecond).toFixed(3)}`,
  );
  console.log(
    `(a') CPU: server ${serverCpuUsPerEvent?.toFixed(1) ?? "?"} µs/event` +
      (raw.cpuUsPerRow
        ? `; raw INSERT ${raw.cpuUsPerRow.toFixed(1)} µs/row (ratio ${cpuRatio}); stricter raw INSERT ${strict.cpuUsPerRow.toFixed(1)} µs/row`
        : ""),
  );
  console.log(`(c) HTTP decisions: ${Math.round(dec.requests.average)} req/s, p50 ${dec.latency.p50} ms, p99 ${dec.latency.p99} ms`);
  result = {
    bench: usePg ? "consent-pg" : "consent",
    metric: "consent events/s via the API batch route (1,000 events/request, durable, hash-chained)",
    value: Math.round(batchEventsPerSecond),
    baseline: "raw batched INSERT (500 rows/statement) of the same rows into a table of the same shape in the same database",
    baselineValue: Math.round(rawPerSecond),
    ratio: Math.round((batchEventsPerSecond / rawPerSecond) * 1000) / 1000,
    strictBaselineValue: Math.round(strictPerSecond),
    strictRatio: Math.round((batchEventsPerSecond / strictPerSecond) * 1000) / 1000,
    serverCpuUsPerEvent: serverCpuUsPerEvent && Math.round(serverCpuUsPerEvent * 10) / 10,
    rawCpuUsPerRow: raw.cpuUsPerRow && Math.round(raw.cpuUsPerRow * 10) / 10,
    cpuRatio,
    singleEventsPerSecond: Math.round(apiEventsPerSecond),
    singleRatio: Math.round((apiEventsPerSecond / rawPerSecond) * 1000) / 1000,
    inProcessDecisionsPerSecond: Math.round(inproc.decided),
    plainLoopPerSecond: Math.round(inproc.plain),
    httpDecisionsPerSecond: Math.round(dec.requests.average),
    httpDecisionP50ms: dec.latency.p50,
    httpDecisionP99ms: dec.latency.p99,
  };
} finally {
  await server.stop();
  await pgSchema?.drop();
  rmSync(dataDir, { recursive: true, force: true }); // ≈ 300 MB a run on SQLite
}
console.log(JSON.stringify(result));
