import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rng, ValueGen } from "@pipguard/core";
import Database from "better-sqlite3";
import { freshEnv, runCli } from "../testing/run-cli.js";

type Rec = { source: string; line: number; col: number; start: number; end: number; type: string; score: number; text: string };

describe("pipguard scan / redact / restore (the built CLI)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  const g = new ValueGen(rng(21)); // generated values, not real people's
  const mobile = g.mobile();
  const id = g.residentId();
  const card = g.card();
  let logText: string;
  before(() => {
    ({ dataDir, env } = freshEnv());
    dir = mkdtempSync(join(tmpdir(), "pipguard-scan-"));
    mkdirSync(join(dir, "logs"));
    logText = `INFO 登录成功\nWARN 用户手机${mobile} 实名 身份证 ${id}\n`;
    writeFileSync(join(dir, "logs", "app.log"), logText);
    writeFileSync(join(dir, "customers.csv"), `id,phone,card\n1,${mobile},"${card}"\n`);
    writeFileSync(join(dir, "events.jsonl"), `{"user":{"mobile":"${mobile}"}}\n`);
    writeFileSync(join(dir, "blob.bin"), Buffer.from([0, 1, 2, 0x31, 0x33, 0x38]));
    writeFileSync(join(dir, "broken.txt"), Buffer.concat([Buffer.from([0xff, 0xc3]), Buffer.from(` ${mobile}\n`)]));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const jsonl = (args: string[]) => {
    const r = runCli(["scan", "--format", "jsonl", ...args], { ...env, PWD: dir });
    assert.equal(r.code, 0, r.stderr);
    return {
      recs: r.stdout
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Rec),
      stderr: r.stderr,
    };
  };

  it("lists masked findings with byte offsets, lines and code-point columns", () => {
    const { recs } = jsonl([join(dir, "logs")]);
    const m = recs.find((r) => r.type === "cn_mobile")!;
    assert.equal(m.text, `${mobile.slice(0, 3)}****${mobile.slice(7)}`);
    assert.equal(m.line, 2);
    assert.equal(m.col, 10);
    assert.equal(Buffer.from(logText).subarray(m.start, m.end).toString(), mobile);
    assert.ok(recs.some((r) => r.type === "cn_resident_id" && r.text === `${id.slice(0, 6)}********${id.slice(14)}`));
  });

  it("names the column of a CSV and the JSON path of a JSONL value", () => {
    const { recs } = jsonl([join(dir, "customers.csv"), join(dir, "events.jsonl")]);
    const sources = recs.map((r) => `${r.source.replace(/^.*[\\/]/, "")}:${r.type}`).sort();
    assert.deepEqual(sources, ["customers.csv#card:bank_card", "customers.csv#phone:cn_mobile", "events.jsonl#$.user.mobile:cn_mobile"]);
  });

  it("reveals values only with --reveal, and filters by type and score", () => {
    const { recs } = jsonl(["--reveal", "--types", "cn_mobile", join(dir, "logs")]);
    assert.deepEqual(
      recs.map((r) => [r.type, r.text]),
      [["cn_mobile", mobile]],
    );
    assert.equal(jsonl(["--min-score", "1", join(dir, "logs")]).recs.length, 0);
  });

  it("skips binary files with a note and survives invalid UTF-8", () => {
    const { recs, stderr } = jsonl([dir]);
    assert.match(stderr, /skipped binary file .*blob\.bin/);
    assert.ok(recs.some((r) => r.source.endsWith("broken.txt") && r.type === "cn_mobile"));
    assert.ok(!stderr.includes(mobile));
  });

  it("prints a table and SARIF, and draws no progress bar when stderr is not a terminal", () => {
    const t = runCli(["scan", join(dir, "logs")], env);
    assert.equal(t.code, 0);
    assert.match(t.stdout, /^SOURCE\s+LINE:COL\s+TYPE\s+SCORE\s+TEXT/);
    assert.equal(t.stderr, "");
    const s = runCli(["scan", "--format", "sarif", join(dir, "logs")], env);
    const log = JSON.parse(s.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(log.version, "2.1.0");
    assert.ok(log.runs[0]!.results.some((r) => r.ruleId === "cn_mobile"));
  });

  it("exits 2 on bad usage and 1 on a missing path", () => {
    assert.equal(runCli(["scan", "--types", "nope", dir], env).code, 2);
    assert.equal(runCli(["scan", "--format", "xml", dir], env).code, 2);
    assert.equal(runCli(["scan", "--min-score", "2", dir], env).code, 2);
    assert.equal(runCli(["scan"], env).code, 2);
    assert.equal(runCli(["scan", join(dir, "missing")], env).code, 1);
  });

  it("classifies database columns with --db and suggests catalog entries", () => {
    const path = join(dir, "crm.db");
    const db = new Database(path);
    db.exec("CREATE TABLE member (id INTEGER PRIMARY KEY, mobile TEXT, remark TEXT)");
    const ins = db.prepare("INSERT INTO member (mobile, remark) VALUES (?, ?)");
    for (let i = 0; i < 20; i++) ins.run(g.mobile(), "正常");
    db.close();
    const r = runCli(["scan", "--db", path, "--format", "jsonl"], env);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { table: string; column: string; type: string; share: number; suggestion: { categoryId: string } });
    assert.deepEqual(
      rows.map((x) => [x.table, x.column, x.type, x.share, x.suggestion.categoryId]),
      [["member", "mobile", "cn_mobile", 1, "basic"]],
    );
    assert.equal(runCli(["scan", "--db", path, "--table", "nope"], env).code, 1);
    assert.equal(runCli(["scan", "--db", path, "--sample", "0"], env).code, 2);
  });

  it("redacts standard input, and tokenizes restorably through a vault file", () => {
    const input = `回拨${mobile}，再拨${mobile}\n`;
    const masked = runCli(["redact"], env, input);
    assert.equal(masked.stdout, `回拨${mobile.slice(0, 3)}****${mobile.slice(7)}，再拨${mobile.slice(0, 3)}****${mobile.slice(7)}\n`);
    assert.equal(runCli(["redact", "--mode", "replace"], env, input).stdout, "回拨<cn_mobile>，再拨<cn_mobile>\n");
    const vault = join(dir, "vault.json");
    const tok = runCli(["redact", "--mode", "tokenize", "--vault", vault], env, input);
    assert.equal(tok.stdout, "回拨<cn_mobile_1>，再拨<cn_mobile_1>\n");
    assert.equal(runCli(["restore", "--vault", vault], env, tok.stdout).stdout, input);
    assert.equal(runCli(["redact", "--mode", "tokenize"], env, input).code, 2);
  });
  it("finds user-defined patterns as custom:NAME, masked, in text and in CSV cells", () => {
    const sub = join(dir, "patterns");
    mkdirSync(sub);
    writeFileSync(join(sub, "hr.log"), `员工编号EMP-123456 入职；联系 ${mobile}\n`);
    writeFileSync(join(sub, "staff.csv"), "no,name\nEMP-654321,x\n");
    const { recs } = jsonl([sub, "--pattern", "employee_id=EMP-[0-9]{6}"]);
    const custom = recs.filter((r) => r.type === "custom:employee_id");
    assert.deepEqual(
      custom.map((r) => [r.source.split("/").pop(), r.start, r.end, r.text]),
      [
        ["hr.log", 12, 22, "EM*-****56"],
        ["staff.csv#no", 8, 18, "EM*-****21"],
      ],
    );
    assert.ok(
      recs.some((r) => r.type === "cn_mobile"),
      "built-in types are still found",
    );
    const revealed = jsonl([join(sub, "hr.log"), "--pattern", "employee_id=EMP-[0-9]{6}", "--reveal"]).recs;
    assert.equal(revealed.find((r) => r.type === "custom:employee_id")?.text, "EMP-123456");
  });

  it("refuses patterns that need backtracking, and a catastrophic pattern neither hangs nor runs past its budget", () => {
    for (const bad of ["x=(a)\\1", "x=(?<=a)b", "x=(?!a)b", "cn_mobile=1", "x=a*", "x=(", "NoName"]) {
      const r = runCli(["scan", dir, "--pattern", bad, "--json"], env);
      assert.equal(r.code, 2, bad);
      assert.equal(JSON.parse(r.stdout || r.stderr).error.code, "VALIDATION_FAILED", bad);
    }
    const sub = join(dir, "evil");
    mkdirSync(sub);
    // (a+)+$ over a long run of a's without the end: exponential on a backtracking engine, linear on
    // V8's linear engine — fast enough that only a budget far below the work (1 ms for 5 MB) is
    // certain to run out on any machine.
    writeFileSync(join(sub, "a.log"), `${"a".repeat(30)}b\n${"a".repeat(5_000_000)}b\n`);
    const t0 = Date.now();
    const { recs, stderr } = jsonl([sub, "--pattern", "evil=(a+)+$", "--pattern-budget", "1"]);
    assert.ok(Date.now() - t0 < 50_000, "finished");
    assert.match(stderr, /pattern evil used up its time budget \(1 ms\) and was stopped/);
    assert.ok(
      recs.every((r) => r.end - r.start <= 256),
      "no match is longer than an identifier",
    );
  });

  it("streams a 50 MB single line in bounded memory and finds values at both ends", () => {
    const big = join(dir, "big");
    mkdirSync(big);
    const other = g.mobile();
    const block = Buffer.from("订单处理中 lorem ipsum 日志 ".repeat(20000));
    const parts = [Buffer.from(`手机${mobile} `)];
    let n = 0;
    while (n < 50e6) {
      parts.push(block);
      n += block.length;
    }
    parts.push(Buffer.from(` 手机${other}\n`));
    const file = Buffer.concat(parts);
    writeFileSync(join(big, "one-line.log"), file);
    parts.length = 0;
    const rss = join(dir, "rss.cjs");
    writeFileSync(rss, "process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));\n");
    const run = (path: string) => {
      const r = runCli(["scan", "--format", "jsonl", path], { ...env, NODE_OPTIONS: `--require ${rss}` });
      assert.equal(r.code, 0, r.stderr);
      return {
        recs: r.stdout
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Rec),
        kb: Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]),
      };
    };
    const small = run(join(dir, "logs", "app.log"));
    const long = run(join(big, "one-line.log"));
    const mobiles = long.recs.filter((r) => r.type === "cn_mobile");
    assert.deepEqual(
      mobiles.map((r) => [r.line, r.start, r.end]),
      [
        [1, 6, 17],
        [1, file.length - 12, file.length - 1],
      ],
    );
    // The file is read in 1 MB chunks: memory grows by far less than the 50 MB line.
    assert.ok(long.kb - small.kb < 40 * 1024, `max RSS grew by ${long.kb - small.kb} KB`);
  });
});
