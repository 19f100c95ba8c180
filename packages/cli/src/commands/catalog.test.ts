import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { freshEnv, runCli, startServe } from "../testing/run-cli.js";

const DEMO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "docs", "examples", "demo-catalog.yaml");

describe("pipguard catalog (the built CLI)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    ({ dataDir, env } = freshEnv());
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("imports the example document and reports what it created as JSON", () => {
    const r = runCli(["catalog", "import", DEMO, "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; created: Record<string, number>; warnings: unknown[] };
    assert.equal(out.dryRun, false);
    assert.deepEqual(out.created, { systems: 2, stores: 2, fields: 14, purposes: 6, recipients: 4, retentionRules: 6 });
    assert.deepEqual(out.warnings, []);
  });

  it("prints the record of processing as CSV with a BOM, one row per purpose", () => {
    const r = runCli(["catalog", "ropa", "--format", "csv"], env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith("\uFEFF处理目的编码 Purpose code,"));
    const rows = r.stdout.split("\r\n").filter(Boolean);
    assert.equal(rows.length, 7);
    assert.ok(rows.some((l) => l.startsWith("personalised_recommendation,个性化推荐,")));
    assert.ok(!r.stdout.includes("demo-only-password"));
  });

  it("writes the HTML record to --out and lists purposes as a table or JSON", () => {
    const out = join(dataDir, "ropa.html");
    const w = runCli(["catalog", "ropa", "--format", "html", "--out", out, "--json"], env);
    assert.equal(w.code, 0, w.stderr);
    assert.equal((JSON.parse(w.stdout) as { purposes: number }).purposes, 6);
    assert.match(readFileSync(out, "utf8"), /<html lang="zh-CN">/);
    const table = runCli(["catalog", "purposes"], env);
    assert.match(table.stdout, /^CODE\s+名称 NAME\s+LEGAL BASIS/);
    assert.match(table.stdout, /^real_name_verification\s+跨境商品实名认证 .*consent\s+optional\s+separate\s+separate\s+yes\s+no$/m);
    const json = JSON.parse(runCli(["catalog", "purposes", "--json"], env).stdout) as { code: string }[];
    assert.equal(json.length, 6);
  });

  it("exports a document that imports again without creating anything", () => {
    const file = join(dataDir, "export.json");
    assert.equal(runCli(["catalog", "export", "--format", "json", "--out", file], env).code, 0);
    assert.ok(!readFileSync(file, "utf8").includes("connection"));
    const again = runCli(["catalog", "import", file, "--dry-run", "--json"], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(
      Object.values((JSON.parse(again.stdout) as { created: Record<string, number> }).created).reduce((a, b) => a + b, 0),
      0,
    );
  });

  it("exits 1 naming the path of each error, 2 for a file it cannot tell the format of", () => {
    const bad = join(dataDir, "bad.yaml");
    writeFileSync(bad, "version: 1\npurposes:\n  - { code: x, nameZh: x, nameEn: x, legalBasis: because, necessity: optional, fields: [crm:nope.col] }\n");
    const r = runCli(["catalog", "import", bad, "--json"], env);
    assert.equal(r.code, 1);
    const err = JSON.parse(r.stderr.trim().split("\n").pop() ?? "{}") as { error: { code: string; issues: { path: string }[] } };
    assert.equal(err.error.code, "INVALID_CATALOG");
    assert.deepEqual(err.error.issues.map((i) => i.path).sort(), ["purposes[0].fields[0]", "purposes[0].legalBasis"]);
    assert.equal(runCli(["catalog", "import", join(dataDir, "catalog.txt")], env).code, 2);
  });

  it("lists the 39 app types", () => {
    const r = runCli(["catalog", "taxonomy", "app-types", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const types = JSON.parse(r.stdout) as { no: number; zh: string }[];
    assert.equal(types.length, 39);
    assert.equal(types[5]?.zh, "网上购物类");
  });
});

describe("pipguard serve --demo", () => {
  it("seeds the demo organisation into an empty catalog on first run", async () => {
    const { dataDir, env } = freshEnv({ PIPGUARD_LOG_LEVEL: "info" });
    try {
      const server = await startServe(["--demo", "--no-worker"], env);
      // One request first: the banner is written just before serve installs its SIGTERM handler.
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      // the demo app's privacy policy and SDK list are published at their permanent URLs
      const policy = await fetch(`${server.url}/p/demo-shop-app/privacy`);
      assert.equal(policy.status, 200);
      assert.match(await policy.text(), /示例商城隐私政策/);
      assert.equal((await fetch(`${server.url}/p/demo-shop-app/sdk`)).status, 200);
      await new Promise<void>((resolve) => {
        server.child.once("close", () => resolve()); // "close": after stdout is drained, not just "exit"
        server.child.kill("SIGTERM");
      });
      assert.match(server.stdout(), /demo organisation loaded into the catalog/);
      const purposes = JSON.parse(runCli(["catalog", "purposes", "--json"], env).stdout) as { code: string }[];
      assert.ok(purposes.some((p) => p.code === "personalised_recommendation"));
      assert.equal(purposes.length, 6);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
