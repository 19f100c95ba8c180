import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type AuditInput, type AuditReport, auditApp, parseSdkList, RULE_IDS } from "@pipguard/core";
import ExcelJS from "exceljs";
import { freshEnv, runCli } from "../testing/run-cli.js";

// The corpus lives next to the rules (packages/core/src/audit/corpus); this test runs from packages/cli/dist/commands.
const CORPUS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "core", "src", "audit", "corpus");

interface Expected {
  failing: Record<string, { evidence: number[]; party?: string; sdkId?: string; piTypes?: string[] }>;
  checks: Record<string, string>;
  notFailing?: string[];
}

function loadSession(base: string): { input: AuditInput; expected: Expected } {
  const p = (ext: string) => join(CORPUS, `${base}.${ext}`);
  const input: AuditInput = { trace: JSON.parse(readFileSync(p("trace.json"), "utf8")) };
  if (existsSync(p("policy.md"))) input.policy = readFileSync(p("policy.md"), "utf8");
  if (existsSync(p("sdk-list.json"))) input.sdkList = parseSdkList(readFileSync(p("sdk-list.json"), "utf8"));
  return { input, expected: JSON.parse(readFileSync(p("expected.json"), "utf8")) as Expected };
}

const sessions = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".trace.json"))
  .map((f) => f.replace(/\.trace\.json$/, ""))
  .sort();

describe("audit corpus: hand-built sessions with hand-written expected findings", () => {
  it("has at least 15 sessions, each with an expected-findings file", () => {
    assert.ok(sessions.length >= 15, `only ${sessions.length} sessions`);
    for (const s of sessions) assert.ok(existsSync(join(CORPUS, `${s}.expected.json`)), s);
  });

  for (const base of sessions) {
    it(`${base}: finds exactly the expected rules, with the expected evidence`, () => {
      const { input, expected } = loadSession(base);
      const r = auditApp(input);
      const failing = [...new Set(r.findings.map((f) => f.ruleId))].sort();
      assert.deepEqual(failing, Object.keys(expected.failing).sort());
      for (const [ruleId, want] of Object.entries(expected.failing)) {
        const fs = r.findings.filter((f) => f.ruleId === ruleId);
        const evidence = [...new Set(fs.flatMap((f) => f.evidence))].sort((a, b) => a - b);
        assert.deepEqual(evidence, want.evidence, `${ruleId} evidence`);
        if (want.sdkId)
          assert.ok(
            fs.some((f) => f.sdkId === want.sdkId),
            `${ruleId} sdkId ${want.sdkId}`,
          );
        if (want.party)
          assert.ok(
            fs.some((f) => f.party === want.party),
            `${ruleId} party ${want.party}`,
          );
        for (const p of want.piTypes ?? [])
          assert.ok(
            fs.some((f) => f.piTypes.includes(p)),
            `${ruleId} piType ${p}`,
          );
      }
      for (const [ruleId, status] of Object.entries(expected.checks)) assert.equal(r.checks.find((c) => c.ruleId === ruleId)?.status, status, ruleId);
      for (const ruleId of expected.notFailing ?? []) assert.ok(!(failing as string[]).includes(ruleId), ruleId);
    });
  }

  it("violates every rule somewhere and passes every rule somewhere", () => {
    const seen = new Map<string, Set<string>>();
    for (const base of sessions)
      for (const c of auditApp(loadSession(base).input).checks) (seen.get(c.ruleId) ?? seen.set(c.ruleId, new Set<string>()).get(c.ruleId)!).add(c.status);
    for (const id of RULE_IDS) {
      assert.ok(seen.get(id)?.has("fail"), `${id} never fails`);
      assert.ok(seen.get(id)?.has("pass"), `${id} never passes`);
    }
  });
});

describe("pipguard audit-app / lint-policy / trace convert (the built CLI)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    ({ env } = freshEnv());
    dir = mkdtempSync(join(tmpdir(), "pipguard-audit-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const c = (name: string) => join(CORPUS, name);

  it("prints a pipguard-audit/1 JSON report with findings, checks and thresholds", () => {
    const base = "01-sdk-android-id-before-consent";
    const r = runCli(["audit-app", "--trace", c(`${base}.trace.json`), "--policy", c(`${base}.policy.md`), "--sdk-list", c(`${base}.sdk-list.json`)], env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as AuditReport;
    assert.equal(report.schemaVersion, "pipguard-audit/1");
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.sdkId, f.evidence]),
      [["collect_before_consent", "umeng", [2]]],
    );
    assert.equal(report.checks.length, RULE_IDS.length);
    assert.equal(report.thresholds.repromptWindowHours, 48);
  });

  it("writes a self-contained, escaped HTML report in Chinese, and English on request", () => {
    const trace = JSON.parse(readFileSync(c("05-android-id-over-http.trace.json"), "utf8"));
    trace.session.app.name = "<script>alert(1)</script>商城";
    const t = join(dir, "t.json");
    writeFileSync(t, JSON.stringify(trace));
    const out = join(dir, "r.html");
    const r = runCli(["audit-app", "--trace", t, "--format", "html", "--out", out], env);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, "utf8");
    assert.ok(!html.includes("<script>alert(1)"), "app name must be escaped");
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;商城"));
    assert.match(html, /证据时间线/);
    assert.match(html, /未采取加密等安全措施/);
    assert.ok(!/<(script|link)\b|src="http/.test(html), "no scripts or external resources");
    const en = runCli(["audit-app", "--trace", t, "--format", "md", "--lang", "en"], env);
    assert.match(en.stdout, /## Evidence timeline/);
    assert.match(en.stdout, /plaintext_transfer/);
  });

  it("stops on a malformed trace, naming the first bad event, with exit code 1", () => {
    const t = join(dir, "bad.json");
    writeFileSync(
      t,
      JSON.stringify({
        schemaVersion: "pi-trace/1",
        session: { app: {} },
        events: [
          { seq: 1, t: 0, type: "lifecycle", phase: "process_start" },
          { seq: 2, t: 5, type: "permission", action: "asked", permissions: [] },
        ],
      }),
    );
    const r = runCli(["audit-app", "--trace", t, "--json"], env);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    const err = JSON.parse(r.stderr) as { error: { code: string; message: string } };
    assert.equal(err.error.code, "INVALID_TRACE");
    assert.match(err.error.message, /seq 2.*"action"/);
  });

  it("reads the manifest and a CSV SDK list", () => {
    const manifest = join(dir, "aapt.txt");
    writeFileSync(
      manifest,
      "package: com.example.shop\nuses-permission: name='android.permission.READ_CALENDAR'\nuses-permission: name='android.permission.CAMERA'\n",
    );
    const sdk = join(dir, "sdk.csv");
    writeFileSync(sdk, "SDK名称,第三方名称,使用目的,收集个人信息类型,包名\n友盟+ 统计 U-App,友盟同欣（北京）科技有限公司,统计,Android ID、OAID,com.umeng\n");
    const base = "06-sdk-missing-from-list";
    const r = runCli(["audit-app", "--trace", c(`${base}.trace.json`), "--manifest", manifest, "--sdk-list", sdk, "--app-type", "网上购物类"], env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as AuditReport;
    assert.deepEqual(report.manifest?.lowRelevance, ["android.permission.READ_CALENDAR"]);
    assert.deepEqual(
      report.sdks.map((s) => [s.sdkId, s.declared]),
      [
        ["umeng", true],
        ["getui", false],
      ],
    );
  });

  it("lints a privacy policy, citing sentences, and exits 1 when requirements are missing", () => {
    const r = runCli(["lint-policy", c("01-sdk-android-id-before-consent.policy.md"), "--json"], env);
    const lint = JSON.parse(r.stdout) as { requirements: { id: string; status: string; sentences: string[] }[]; missing: number };
    assert.equal(r.code, lint.missing > 0 ? 1 : 0);
    const complaint = lint.requirements.find((q) => q.id === "complaint");
    assert.equal(complaint?.status, "found");
    assert.match(complaint?.sentences[0] ?? "", /投诉/);
    const thin = join(dir, "thin.txt");
    writeFileSync(thin, "我们重视您的隐私。");
    const t = runCli(["lint-policy", thin], env);
    assert.equal(t.code, 1);
    assert.match(t.stdout, /✘ 投诉举报渠道/);
  });

  it("converts a Camille CSV export into a pi-trace/1 session that audits", () => {
    const out = join(dir, "cam.json");
    const r = runCli(
      ["trace", "convert", "--from", "camille", c("camille-export-sample.csv"), "--package", "com.example.shop", "--app-type", "网上购物类", "--out", out],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    assert.equal(doc.schemaVersion, "pi-trace/1");
    assert.equal(doc.session.clock.resolutionMs, 1000);
    const a = JSON.parse(runCli(["audit-app", "--trace", out], env).stdout) as AuditReport;
    const before = a.findings.find((f) => f.ruleId === "collect_before_consent");
    assert.equal(before?.sdkId, "umeng");
    assert.ok(a.findings.some((f) => f.ruleId === "immutable_device_id" && f.sdkId === "jpush"));
    assert.ok(a.findings.some((f) => f.ruleId === "clipboard_read_unprompted" && f.party === "first"));
    assert.ok(!a.findings.some((f) => f.piTypes.includes("clipboard") && f.sdkId), "setPrimaryClip (a write) is not a read");
    const bad = runCli(["trace", "convert", "--from", "frida", c("camille-export-sample.csv")], env);
    assert.equal(bad.code, 2);
  });
});

describe("pipguard audit-batch (the built CLI)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    ({ env } = freshEnv());
    dir = mkdtempSync(join(tmpdir(), "pipguard-batch-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Copies corpus sessions into a batch folder, optionally changing the version. */
  function folder(name: string, sessions: { base: string; version?: string; as?: string }[]): string {
    const d = join(dir, name);
    mkdirSync(d);
    for (const s of sessions) {
      const trace = JSON.parse(readFileSync(join(CORPUS, `${s.base}.trace.json`), "utf8"));
      if (s.version) trace.session.app.version = s.version;
      const as = s.as ?? s.base;
      writeFileSync(join(d, `${as}.trace.json`), JSON.stringify(trace));
      for (const ext of ["policy.md", "sdk-list.json"])
        if (existsSync(join(CORPUS, `${s.base}.${ext}`))) copyFileSync(join(CORPUS, `${s.base}.${ext}`), join(d, `${as}.${ext}`));
    }
    return d;
  }

  it("writes the regulators' notice as XLSX, listing only apps with problems, with the deadline", async () => {
    const d = folder("v1", [{ base: "01-sdk-android-id-before-consent" }, { base: "13-self-start-forced-targeting" }, { base: "16-no-privacy-dialog" }]);
    const out = join(dir, "notice.xlsx");
    const r = runCli(["audit-batch", d, "--out", out, "--deadline", "2026-12-15", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { listed: number }).listed, 3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    assert.match(String(ws.getCell(2, 1).value), /2026-12-15/);
    assert.deepEqual((ws.getRow(3).values as unknown[]).slice(1), ["序号", "应用名称", "应用开发者", "应用来源", "应用版本", "所涉问题"]);
    assert.deepEqual((ws.getRow(4).values as unknown[]).slice(1, 6), [1, "示例商城", "示例商城科技有限公司", "应用宝", "1.0.0"]);
    assert.equal(ws.getCell(4, 6).value, "违规收集个人信息");
    assert.equal(ws.getCell(5, 6).value, "APP频繁自启动和关联启动；未提供撤回同意途径；隐私政策难以访问；强制用户使用定向推送功能");
  });

  it("re-inspects a later version: earlier findings are marked fixed or not fixed", () => {
    const v1 = folder("r1", [{ base: "01-sdk-android-id-before-consent" }, { base: "13-self-start-forced-targeting" }]);
    // v2: the shop now asks for consent first (the compliant session); the live-streaming app is unchanged.
    const v2 = folder("r2", [
      { base: "09-compliant-shop", version: "1.1.0", as: "shop" },
      { base: "13-self-start-forced-targeting", version: "1.0.1" },
    ]);
    const out = join(dir, "recheck.csv");
    const r = runCli(["audit-batch", v2, "--previous", v1, "--out", out, "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const { notice } = JSON.parse(r.stdout) as {
      notice: { rows: { name: string; rectification?: { fixed: number; notFixed: number; items: { ruleId: string; status: string }[] } }[] };
    };
    const shop = notice.rows.find((x) => x.name === "示例商城");
    assert.equal(shop, undefined, "a fully fixed app with no new findings leaves the notice");
    const live = notice.rows.find((x) => x.name === "示例直播");
    assert.equal(live?.rectification?.notFixed, 4);
    assert.ok(live?.rectification?.items.every((i) => i.status === "not_fixed"));
    const csv = readFileSync(out, "utf8");
    assert.ok(csv.startsWith("\uFEFF序号,应用名称"));
    assert.match(csv, /复测：已整改 0 项，未整改 4 项/);
  });

  it("names the bad session when one trace in the folder is malformed", () => {
    const d = folder("bad", [{ base: "01-sdk-android-id-before-consent" }]);
    writeFileSync(join(d, "zz-broken.trace.json"), "{not json");
    const r = runCli(["audit-batch", d, "--out", join(dir, "x.xlsx"), "--json"], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /session zz-broken/);
    assert.ok(!existsSync(join(dir, "x.xlsx")));
  });
});
