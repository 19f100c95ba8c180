#!/usr/bin/env node
// Crash safety of the consent ledger (issue 3): stream consent events at a real `pipguard serve`,
// kill -9 it in the middle, restart it, then check that every event acknowledged with a 2xx is in the
// ledger, that `ledger verify` passes, and that retrying the unacknowledged requests with their
// Idempotency-Keys records each exactly once.
//
//   node scripts/consent-crash-test.mjs [--events 10000] [--concurrency 32] [--db sqlite|postgres]
//
// Needs a built tree (npx tsc -b). PostgreSQL: a scratch database on TEST_DATABASE_URL's server.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const EVENTS = Number(opt("events", "10000"));
const CONCURRENCY = Number(opt("concurrency", "32"));
const DIALECT = opt("db", process.env.PIPGUARD_TEST_DB === "postgres" ? "postgres" : "sqlite");
const root = join(import.meta.dirname, "..");
const BIN = join(root, "packages", "cli", "dist", "bin.js");
const server = await import(join(root, "packages", "server", "dist", "index.js"));

const dataDir = mkdtempSync(join(tmpdir(), "pipguard-crash-"));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PIPGUARD_DATA_DIR: dataDir,
  PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
  PIPGUARD_LOG_LEVEL: "warn",
};
let dropDb = async () => {};
if (DIALECT === "postgres") {
  const pg = (await import("pg")).default;
  const admin = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `pipguard_crash_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const run = async (sql) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  env.DATABASE_URL = u.toString();
  dropDb = () => run(`drop database if exists ${name} with (force)`);
}

function startServe() {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--no-worker"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 60_000);
    child.stderr.on("data", (d) => {
      err += String(d);
      const m = /running at (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.once("exit", (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}

const failures = [];
try {
  // Setup through the library: an app, two purposes, a published policy, subjects and an API key.
  const ctx = await server.createContext(server.loadConfig(env), { logger: server.createLogger({ level: "silent" }) });
  let apiKey;
  const subjects = [];
  try {
    const cat = server.catalogService(ctx);
    await cat.createSystem({ key: "shop", name: "示例商城", kind: "app" });
    await cat.createPurpose({ code: "newsletter", nameZh: "营销推送", nameEn: "Newsletter", legalBasis: "consent", necessity: "optional" });
    await cat.createPurpose({
      code: "face_login",
      nameZh: "人脸识别登录",
      nameEn: "Face login",
      legalBasis: "consent",
      necessity: "optional",
      consentKind: "separate",
    });
    const area = server.consentArea(ctx);
    const doc = await area.policies.create({ app: "shop", kind: "privacy_policy", title: "隐私政策" });
    await area.policies.publish(doc.id, { content: "第一版" });
    for (let i = 0; i < 50; i++) subjects.push((await area.subjects.create({ ageBand: "adult" })).id);
    apiKey = (await ctx.auth.createApiKey({ name: "crash-test", scopes: ["consent:read", "consent:write"], createdBy: null })).secret;
  } finally {
    await ctx.db.close();
  }

  const body = (i) => {
    const sensitive = i % 2 === 1;
    return {
      subjectId: subjects[i % subjects.length],
      app: "shop",
      purpose: sensitive ? "face_login" : "newsletter",
      action: i % 5 === 4 ? "withdraw" : "grant",
      kind: sensitive ? "separate" : "general",
      policyVersion: 1,
      channel: "crash-test",
    };
  };
  const send = (url, i) =>
    fetch(`${url}/api/v1/consents`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, "idempotency-key": `crash-${i}` },
      body: JSON.stringify(body(i)),
    });

  // Phase 1: stream, and kill -9 once half the events are acknowledged.
  let s = await startServe();
  const acked = new Map(); // i → event id
  let next = 0;
  let killed = false;
  const killAt = Math.floor(EVENTS / 2);
  const started = performance.now();
  const worker = async () => {
    while (!killed && next < EVENTS) {
      const i = next++;
      try {
        const r = await send(s.url, i);
        if (r.status === 201 || r.status === 200) acked.set(i, (await r.json()).event.id);
        else failures.push(`event ${i}: HTTP ${r.status} ${await r.text()}`);
      } catch {
        // the connection died with the server: not acknowledged
      }
      if (!killed && acked.size >= killAt) {
        killed = true;
        s.child.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const phase1Ms = performance.now() - started;
  await new Promise((r) => (s.child.exitCode !== null || s.child.signalCode !== null ? r() : s.child.once("exit", r)));

  // Phase 2: restart; every acknowledged event must be there and the chain intact.
  s = await startServe();
  const headers = { authorization: `Bearer ${apiKey}` };
  const ledgerIds = async () =>
    new Set(
      (await (await fetch(`${s.url}/api/v1/ledger/export`, { headers })).text())
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).id),
    );
  const verify = async () => (await fetch(`${s.url}/api/v1/ledger/verify`, { headers })).json();
  let ids = await ledgerIds();
  const missing = [...acked.values()].filter((id) => !ids.has(id));
  if (missing.length > 0) failures.push(`${missing.length} acknowledged events are missing after the crash`);
  let v = await verify();
  if (!v.ok) failures.push(`ledger verify after the crash: ${JSON.stringify(v)}`);
  const afterCrash = ids.size;

  // Phase 3: retry everything (acknowledged or not) with the same keys: each recorded exactly once.
  next = 0;
  const retry = async () => {
    while (next < EVENTS) {
      const i = next++;
      const r = await send(s.url, i);
      if (r.status !== 201 && r.status !== 200) failures.push(`retry ${i}: HTTP ${r.status}`);
      else {
        const id = (await r.json()).event.id;
        if (acked.has(i) && acked.get(i) !== id) failures.push(`retry ${i} answered a different event`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, retry));
  ids = await ledgerIds();
  if (ids.size !== EVENTS) failures.push(`after retries the ledger holds ${ids.size} events, expected ${EVENTS}`);
  v = await verify();
  if (!v.ok) failures.push(`ledger verify after retries: ${JSON.stringify(v)}`);
  const exited = new Promise((r) => s.child.once("exit", r));
  s.child.kill("SIGTERM");
  await exited;

  const summary = {
    db: DIALECT,
    events: EVENTS,
    acknowledgedBeforeKill: acked.size,
    inLedgerAfterCrash: afterCrash,
    inLedgerAfterRetries: ids.size,
    verify: v.ok ? "ok" : v,
    phase1EventsPerSecond: Math.round((acked.size / phase1Ms) * 1000),
    ok: failures.length === 0,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await dropDb();
}
if (failures.length > 0) {
  process.stderr.write(`${failures.slice(0, 20).join("\n")}\n`);
  process.exit(1);
}
