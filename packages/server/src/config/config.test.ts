import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isDomainError } from "@pipguard/core";
import { loadConfig } from "./config.js";
import { resolveMasterKey } from "./master-key.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (isDomainError(e, "CONFIG_INVALID")) return (e.details?.problems as string[]) ?? [];
    throw e;
  }
  return [];
}

describe("configuration", () => {
  it("starts with nothing set: SQLite under ./data, port 8080, Asia/Shanghai", () => {
    const c = loadConfig({});
    assert.match(c.databaseUrl, /data[/\\]pipguard\.db$/);
    assert.equal(c.port, 8080);
    assert.equal(c.host, "127.0.0.1");
    assert.equal(c.timezone, "Asia/Shanghai");
  });

  it("lists every invalid variable at once, without their values", () => {
    const problems = problemsOf({
      PORT: "eighty",
      PIPGUARD_LOG_LEVEL: "loud",
      PIPGUARD_MASTER_KEY: "c2hvcnQ=",
      PIPGUARD_WORKER: "maybe",
      PIPGUARD_TIMEZONE: "Mars/Olympus",
    });
    const names = problems.map((p) => p.split(":")[0]);
    assert.deepEqual(names.sort(), ["PIPGUARD_LOG_LEVEL", "PIPGUARD_MASTER_KEY", "PIPGUARD_TIMEZONE", "PIPGUARD_WORKER", "PORT"]);
    assert.ok(!problems.join(" ").includes("c2hvcnQ="), "the secret value is not echoed");
  });

  it("requires an explicit master key in production", () => {
    assert.ok(problemsOf({ NODE_ENV: "production" }).some((p) => p.startsWith("PIPGUARD_MASTER_KEY")));
    const key = randomBytes(32).toString("base64");
    assert.equal(loadConfig({ NODE_ENV: "production", PIPGUARD_MASTER_KEY: key }).masterKey, key);
  });

  it("reads secrets from *_FILE variables and refuses both forms at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipguard-cfg-"));
    try {
      const key = randomBytes(32).toString("base64");
      writeFileSync(join(dir, "key"), `${key}\n`);
      writeFileSync(join(dir, "db"), "postgres://u:secret@db.internal:5432/pipguard\n");
      const c = loadConfig({ PIPGUARD_MASTER_KEY_FILE: join(dir, "key"), DATABASE_URL_FILE: join(dir, "db") });
      assert.equal(c.masterKey, key);
      assert.equal(c.databaseUrl, "postgres://u:secret@db.internal:5432/pipguard");
      assert.ok(problemsOf({ PIPGUARD_MASTER_KEY: key, PIPGUARD_MASTER_KEY_FILE: join(dir, "key") }).length === 1);
      assert.ok(problemsOf({ PIPGUARD_MASTER_KEY_FILE: join(dir, "missing") })[0]?.startsWith("PIPGUARD_MASTER_KEY_FILE"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("master key", () => {
  it("is generated once into <dataDir>/master.key with mode 0600 and reused afterwards", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipguard-mk-"));
    try {
      const first = resolveMasterKey({ masterKey: undefined, dataDir: dir });
      assert.equal(first.source, "generated");
      assert.equal(first.key.length, 32);
      assert.equal(statSync(join(dir, "master.key")).mode & 0o777, 0o600);
      const second = resolveMasterKey({ masterKey: undefined, dataDir: dir });
      assert.equal(second.source, "file");
      assert.deepEqual(second.key, first.key);
      assert.equal(Buffer.from(readFileSync(join(dir, "master.key"), "utf8").trim(), "base64").length, 32);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prefers the configured key and never writes a file then", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipguard-mk-"));
    try {
      const key = randomBytes(32);
      const r = resolveMasterKey({ masterKey: key.toString("base64"), dataDir: dir });
      assert.equal(r.source, "env");
      assert.throws(() => statSync(join(dir, "master.key")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
