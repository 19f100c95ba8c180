import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { catalogService, consentArea, createContext, createLogger, loadConfig } from "@pipguard/server";
import { freshEnv, runCli } from "../testing/run-cli.js";

describe("pipguard consent, ledger and receipt (the built CLI)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let subject: string;
  before(async () => {
    ({ dataDir, env } = freshEnv());
    // The operator's setup: an app, a purpose needing separate consent, a published privacy policy, a subject.
    const ctx = await createContext(loadConfig(env), { logger: createLogger({ level: "silent" }) });
    try {
      const cat = catalogService(ctx);
      await cat.createSystem({ key: "shop", name: "示例商城", kind: "app" });
      await cat.createPurpose({
        code: "face_login",
        nameZh: "人脸识别登录",
        nameEn: "Face login",
        legalBasis: "consent",
        necessity: "optional",
        consentKind: "separate",
      });
      const { policies, subjects } = consentArea(ctx);
      const doc = await policies.create({ app: "shop", kind: "privacy_policy", title: "隐私政策" });
      await policies.publish(doc.id, { content: "第一版" });
      subject = (await subjects.create({ identities: [{ type: "mobile", value: "13700000000" }], ageBand: "adult" })).id;
    } finally {
      await ctx.db.close();
    }
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const base = () => ["--subject", subject, "--app", "shop", "--purpose", "face_login"];

  it("grants and withdraws, and show reflects the withdrawal at once", () => {
    const g = runCli(["consent", "grant", ...base(), "--kind", "separate", "--policy-version", "1", "--json"], env);
    assert.equal(g.code, 0, g.stderr);
    assert.equal((JSON.parse(g.stdout) as { decision: { reason: string } }).decision.reason, "consent_given");
    const w = runCli(["consent", "withdraw", ...base(), "--kind", "separate"], env);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /decision: deny \(withdrawn\)/);
    const show = runCli(["consent", "show", "--subject", subject], env);
    assert.match(show.stdout, /^face_login\s+withdraw\s+separate\s+deny\s+withdrawn$/m);
  });

  it("refuses general consent to a purpose needing separate consent, with exit 1 and the code", () => {
    const r = runCli(["consent", "grant", ...base(), "--policy-version", "1", "--json"], env);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stderr.trim()) as { error: { code: string } }).error.code, "SEPARATE_CONSENT_REQUIRED");
  });

  it("verifies a receipt offline and rejects a tampered one", () => {
    const exported = join(dataDir, "ledger.jsonl");
    assert.equal(runCli(["ledger", "export", "--out", exported], env).code, 0);
    const first = JSON.parse(readFileSync(exported, "utf8").split("\n")[0]!) as { id: string };
    const file = join(dataDir, "receipt.json");
    assert.equal(runCli(["receipt", "get", first.id, "--out", file], env).code, 0);
    // No database needed: point the CLI at an empty data directory.
    const offline = freshEnv().env;
    const ok = runCli(["receipt", "verify", file], offline);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^OK/);
    const receipt = JSON.parse(readFileSync(file, "utf8")) as { pipguard: { action: string } };
    receipt.pipguard.action = "refuse";
    writeFileSync(file, JSON.stringify(receipt));
    const bad = runCli(["receipt", "verify", file], offline);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^INVALID/);
  });

  it("reports OK for an intact ledger and the position of a row edited in the database", async () => {
    const ok = runCli(["ledger", "verify"], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^OK: 2 events/);
    const ctx = await createContext(loadConfig(env), { logger: createLogger({ level: "silent" }) });
    try {
      await ctx.db.kysely.updateTable("consent_events").set({ action: "grant" }).where("seq", "=", 2).execute();
    } finally {
      await ctx.db.close();
    }
    const broken = runCli(["ledger", "verify", "--json"], env);
    assert.equal(broken.code, 1);
    assert.deepEqual(JSON.parse(broken.stdout), { ok: false, count: 2, position: 2, seq: 2, problem: "hash_mismatch" });
  });

  it("imports a JSONL file of events, reports bad lines by number without echoing them, and is safe to re-run", () => {
    const file = join(dataDir, "events.jsonl");
    const ev = (over: Record<string, unknown>) => JSON.stringify({ subjectId: subject, app: "shop", purpose: "face_login", ...over });
    writeFileSync(
      file,
      [
        ev({ action: "grant", kind: "separate", policyVersion: 1, idempotencyKey: "crm-1" }),
        "{not json 13700000000",
        ev({ action: "grant", kind: "general", policyVersion: 1, idempotencyKey: "crm-2" }),
        "",
        ev({ action: "withdraw", kind: "separate", idempotencyKey: "crm-3" }),
      ].join("\n"),
    );
    const first = runCli(["consent", "import", file, "--json"], env);
    assert.equal(first.code, 1, "a failed line makes the exit code 1");
    const r = JSON.parse(first.stdout) as { recorded: number; replayed: number; failed: number; failures: { line: number; code: string }[] };
    assert.deepEqual([r.recorded, r.replayed, r.failed], [2, 0, 2]);
    assert.deepEqual(
      r.failures.map((f) => [f.line, f.code]),
      [
        [2, "VALIDATION_FAILED"],
        [3, "SEPARATE_CONSENT_REQUIRED"],
      ],
    );
    assert.ok(!first.stdout.includes("13700000000") && !first.stderr.includes("13700000000"), "bad lines are not echoed");
    const again = JSON.parse(runCli(["consent", "import", file, "--json"], env).stdout) as { recorded: number; replayed: number };
    assert.deepEqual([again.recorded, again.replayed], [0, 2]);
    assert.match(runCli(["consent", "show", "--subject", subject], env).stdout, /^face_login\s+withdraw\s+separate\s+deny\s+withdrawn$/m);
  });
});
