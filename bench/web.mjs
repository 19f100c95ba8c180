// npm run bench -- web [--subjects N] [--requests N] [--pg]
// The people-facing pages. Sections (each adds its figures to `results`; the last line is the JSON summary):
//  (a) privacy center: server-side render time (in-process app.request, no network) of the home, consents,
//      requests and sign-in pages with N subjects (default 100,000) in the database, p95 next to GET /healthz
//      in the same run; target p95 <= 50 ms.
//  (b) admin console first-load size: gzip bytes on the wire for /admin/ (bench/console-size.mjs as a child),
//      against the 300 KB budget.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { machine, pgBenchSchema, runBenchScript } from "./_server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SUBJECTS = Number(opt("subjects", 100_000));
const REQUESTS = Number(opt("requests", 20_000));
const ROUNDS = Number(opt("rounds", 300));
const usePg = args.includes("--pg");
const pgUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dist = (p) => join(process.cwd(), "packages", "server", "dist", p);
const server = await import(dist("index.js"));
const signIn = await import(dist("privacy-center/sign-in.js"));
const fixtures = await import(dist("privacy-center/testing.js"));
const consents = await import(dist("privacy-center/consents.js"));
const requests = await import(dist("privacy-center/requests.js"));

const results = { machine: await machine(), loaded: true };

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Times `rounds` sequential requests after a warm-up; p50/p95 in ms. */
async function time(app, path, headers, rounds = ROUNDS) {
  for (let i = 0; i < 20; i++) await (await app.request(path, { headers })).arrayBuffer();
  const ms = [];
  let status = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const res = await app.request(path, { headers });
    await res.arrayBuffer();
    ms.push(performance.now() - t);
    status = res.status;
  }
  const round = (x) => Math.round(x * 100) / 100;
  return { status, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
}

/** Bulk-inserts subjects (an encrypted, blind-indexed mobile each; every 10th a child with a guardian) and rights requests. */
async function seed(ctx) {
  const q = ctx.db.kysely;
  const now = new Date().toISOString();
  const started = performance.now();
  const B = 1000;
  let prev = null;
  for (let i = 0; i < SUBJECTS; i += B) {
    const subjects = [];
    const identities = [];
    for (let j = i; j < Math.min(SUBJECTS, i + B); j++) {
      const id = ctx.ids.next();
      const child = j % 10 === 9 && prev;
      subjects.push({
        id,
        birth_date_ciphertext: null,
        age_band: child ? "under_14" : "adult",
        guardian_id: child ? prev : null,
        created_at: now,
        updated_at: now,
      });
      if (!child) {
        const mobile = `139${String(j).padStart(8, "0")}`;
        identities.push({
          id: ctx.ids.next(),
          subject_id: id,
          type: "mobile",
          value_ciphertext: ctx.keyring.encrypt(mobile, "subject_identities.mobile"),
          blind_index: ctx.keyring.blindIndex(mobile, "subject_identities.mobile"),
          created_at: now,
        });
        prev = id;
      }
    }
    await q.transaction().execute(async (trx) => {
      await trx.insertInto("subjects").values(subjects).execute();
      if (identities.length) await trx.insertInto("subject_identities").values(identities).execute();
    });
  }
  const subjectsMs = performance.now() - started;
  const r0 = performance.now();
  for (let i = 0; i < REQUESTS; i += B) {
    const rows = [];
    for (let j = i; j < Math.min(REQUESTS, i + B); j++) {
      const contact = `139${String(j * 7).padStart(8, "0")}`;
      rows.push({
        id: ctx.ids.next(),
        type: "access",
        status: "in_progress",
        deceased_relative: 0,
        channel: "sms",
        contact_ciphertext: ctx.keyring.encrypt(contact, "rights_requests.contact"),
        contact_index: ctx.keyring.blindIndex(`sms:${contact}`, "rights_requests.contact"),
        details_ciphertext: null,
        received_at: now,
        received_on: now.slice(0, 10),
        due_on: now.slice(0, 10),
        due_provisional: 0,
        extended_days: 0,
        assignee_id: null,
        refusal_reason: null,
        verified_at: now,
        closed_at: null,
        reminder5_sent: 0,
        reminder2_sent: 0,
        overdue_at: null,
        created_at: now,
        updated_at: now,
      });
    }
    await q.insertInto("rights_requests").values(rows).execute();
  }
  return {
    subjects: SUBJECTS,
    requests: REQUESTS,
    subjectsSeconds: Math.round(subjectsMs / 100) / 10,
    requestsSeconds: Math.round((performance.now() - r0) / 100) / 10,
  };
}

// (a) privacy center
async function privacyCenter() {
  const dataDir = mkdtempSync(join(tmpdir(), "pipguard-bench-web-"));
  const pg = usePg ? await pgBenchSchema(pgUrl) : null;
  const config = server.loadConfig({
    NODE_ENV: "production",
    PIPGUARD_DATA_DIR: dataDir,
    PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
    PIPGUARD_LOG_LEVEL: "error",
    ...(pg ? pg.env : {}),
  });
  const logger = server.createLogger({ level: "error" });
  const ctx = await server.createContext(config, { logger });
  try {
    const app = server.createApp(ctx);
    const f = await fixtures.seedCenter(ctx);
    const seeded = await seed(ctx);
    // The signed-in person has choices and requests on record, and is the guardian of a child.
    await ctx.db.kysely.updateTable("subjects").set({ guardian_id: f.adultId }).where("id", "=", f.childId).execute();
    for (const purpose of ["push_notifications", "marketing_email"]) {
      await consents.recordChoice(ctx, { subjectId: f.adultId, actorId: f.adultId, app: fixtures.DEMO_APP, purpose, action: "grant" });
    }
    const challenge = await signIn.startSignIn(ctx, { identity: fixtures.ADULT_MOBILE, ip: "bench" });
    const s = await signIn.verifySignIn(ctx, { challengeId: challenge, code: await fixtures.lastCode(ctx), ip: "bench" });
    for (const type of ["access", "deletion", "correction"]) {
      await requests.fileRequest(ctx, { subjectId: f.adultId, actorId: f.adultId, contact: { channel: "sms", contact: fixtures.ADULT_MOBILE }, type });
    }
    const cookie = { cookie: `pipguard_subject=${s.token}` };
    const base = `/privacy-center/${fixtures.DEMO_APP}`;
    const baseline = await time(app, "/healthz", {});
    const pages = {
      home: await time(app, base, cookie),
      signIn: await time(app, `${base}/sign-in`, {}),
      consents: await time(app, `${base}/consents`, cookie),
      consentsEn: await time(app, `${base}/consents?lang=en`, cookie),
      child: await time(app, `${base}/consents?for=${f.childId}`, cookie),
      requests: await time(app, `${base}/requests`, cookie),
    };
    for (const [k, v] of Object.entries(pages)) if (v.status !== 200) throw new Error(`${k} answered ${v.status}`);
    const worst = Math.max(...Object.values(pages).map((p) => p.p95));
    return { engine: usePg ? "postgres" : "sqlite", seeded, rounds: ROUNDS, baseline, pages, worstP95: worst, target: 50 };
  } finally {
    await ctx.db.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

results.privacyCenter = await privacyCenter();
const consoleSize = await runBenchScript("console-size");
results.console = { firstLoadGzipBytes: consoleSize.value, budget: consoleSize.baselineValue, rawBytes: consoleSize.rawBytes, files: consoleSize.files };
console.log(JSON.stringify(results, null, 2));

const pc = results.privacyCenter;
console.log(
  JSON.stringify({
    bench: "web",
    metric: "privacy-center page render p95 ms (worst page)",
    value: pc.worstP95,
    baseline: "GET /healthz p95 ms, same process",
    baselineValue: pc.baseline.p95,
    ratio: Math.round((pc.worstP95 / pc.baseline.p95) * 100) / 100,
    consoleFirstLoadGzipBytes: results.console.firstLoadGzipBytes,
    consoleBudgetBytes: results.console.budget,
  }),
);
