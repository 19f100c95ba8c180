import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import { freshEnv, runCli, startServe } from "./testing/run-cli.js";

describe("pipguard serve (a real process)", () => {
  it("starts on SQLite with nothing configured, prints a setup token, serves health and readiness, and stops cleanly on SIGTERM", async () => {
    const { dataDir, env } = freshEnv();
    try {
      const s = await startServe([], env);
      after(() => s.child.kill("SIGKILL"));
      const token = /"token":"([A-Za-z0-9_-]+)"/.exec(s.stderr())?.[1];
      assert.ok(token, "a one-time setup token is printed at first start");
      assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
      const ready = await fetch(`${s.url}/readyz`);
      const readyBody = (await ready.json()) as { checks: { database: string; migrations: string } };
      assert.equal(readyBody.checks.database, "ok");
      assert.equal(readyBody.checks.migrations, "ok");
      // the token creates the first admin, who can sign in
      const setup = await fetch(`${s.url}/api/v1/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, username: "admin", password: "a-long-admin-password" }),
      });
      assert.equal(setup.status, 201);
      const login = await fetch(`${s.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "a-long-admin-password" }),
      });
      assert.equal(login.status, 200);
      const exited = new Promise<number | null>((resolve) => s.child.once("exit", (code) => resolve(code)));
      s.child.kill("SIGTERM");
      assert.equal(await exited, 0);
      // a second start finds the admin and prints no token
      const s2 = await startServe([], env);
      after(() => s2.child.kill("SIGKILL"));
      assert.ok(!s2.stderr().includes('"token"'));
      const exited2 = new Promise<number | null>((resolve) => s2.child.once("exit", (code) => resolve(code)));
      s2.child.kill("SIGTERM");
      assert.equal(await exited2, 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses to start with invalid configuration, naming every bad variable, exit 1", () => {
    const { dataDir, env } = freshEnv({ PORT: "http", PIPGUARD_LOG_LEVEL: "chatty" });
    try {
      const r = runCli(["serve"], env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /PORT/);
      assert.match(r.stderr, /PIPGUARD_LOG_LEVEL/);
      assert.ok(!r.stderr.includes("    at "), "no stack trace");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("exits 2 on an unknown command or option", () => {
    const { dataDir, env } = freshEnv();
    try {
      assert.equal(runCli(["frobnicate"], env).code, 2);
      assert.equal(runCli(["serve", "--bogus"], env).code, 2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("creates an admin from the CLI with the password on standard input", () => {
    const { dataDir, env } = freshEnv();
    try {
      const r = runCli(["admin", "create", "--username", "ops", "--role", "privacy_officer", "--json"], env, "a-long-cli-password\n");
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { role: string }).role, "privacy_officer");
      const again = runCli(["admin", "create", "--username", "ops", "--json"], env, "a-long-cli-password\n");
      assert.equal(again.code, 1);
      assert.match(again.stderr, /ALREADY_EXISTS/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
