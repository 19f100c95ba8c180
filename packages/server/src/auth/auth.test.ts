import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../testing/test-app.js";

describe("first-run setup", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ users: false });
  });
  after(async () => {
    await t.dispose();
  });

  it("creates the first admin only with the printed one-time token", async () => {
    const token = await t.ctx.auth.issueSetupTokenIfNeeded();
    assert.ok(token && token.length >= 24);
    const wrong = await t.json<{ code: string }>("POST", "/api/v1/setup", {
      body: { token: "nope", username: "root-admin", password: "correct horse battery" },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, "SETUP_TOKEN_INVALID");
    const ok = await t.json<{ role: string; username: string }>("POST", "/api/v1/setup", {
      body: { token, username: "root-admin", password: "correct horse battery" },
    });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.role, "admin");
    const again = await t.json<{ code: string }>("POST", "/api/v1/setup", { body: { token, username: "second", password: "correct horse battery" } });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, "SETUP_ALREADY_DONE");
    assert.equal(await t.ctx.auth.issueSetupTokenIfNeeded(), undefined, "no new token once an admin exists");
  });

  it("stores passwords as scrypt hashes, never in clear", async () => {
    const row = await t.db.kysely.selectFrom("admin_users").select("password_hash").where("username", "=", "root-admin").executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^scrypt\$131072\$8\$1\$/);
    assert.ok(!row.password_hash.includes("correct horse"));
  });

  it("rejects short passwords and bad usernames with VALIDATION_FAILED", async () => {
    await assert.rejects(t.ctx.auth.createUser({ username: "ok-name", password: "short", role: "agent" }), { code: "VALIDATION_FAILED" });
    await assert.rejects(t.ctx.auth.createUser({ username: "No Spaces!", password: "long enough password", role: "agent" }), { code: "VALIDATION_FAILED" });
  });
});

describe("sessions", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ users: false });
    await t.ctx.auth.createUser({ username: "alice", password: "alice-password-123", role: "privacy_officer" });
  });
  after(async () => {
    await t.dispose();
  });

  it("signs in with an HttpOnly SameSite=Strict cookie and answers /auth/me", async () => {
    const res = await t.request("POST", "/api/v1/auth/login", { body: { username: "alice", password: "alice-password-123" } });
    assert.equal(res.status, 200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /pipguard_session=/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = setCookie.split(";")[0] ?? "";
    const me = await t.json<{ role: string; permissions: string[] }>("GET", "/api/v1/auth/me", { as: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(me.body.role, "privacy_officer");
    assert.ok(me.body.permissions.includes("catalog:write"));
    assert.ok(!me.body.permissions.includes("users:manage"));
    // sign out ends the session for good
    assert.equal((await t.request("POST", "/api/v1/auth/logout", { as: { cookie, csrf: csrfToken } })).status, 204);
    assert.equal((await t.request("GET", "/api/v1/auth/me", { as: { cookie } })).status, 401);
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    const a = await t.json<{ code: string }>("POST", "/api/v1/auth/login", { body: { username: "alice", password: "wrong-password-xx" } });
    const b = await t.json<{ code: string }>("POST", "/api/v1/auth/login", { body: { username: "nobody", password: "wrong-password-xx" } });
    assert.equal(a.status, 401);
    assert.equal(b.status, 401);
    assert.equal(a.body.code, "INVALID_CREDENTIALS");
    assert.equal(b.body.code, "INVALID_CREDENTIALS");
  });

  it("locks a username+address out after 10 failures with 429 RATE_LIMITED", async () => {
    for (let i = 0; i < 10; i++) await t.request("POST", "/api/v1/auth/login", { body: { username: "mallory-target", password: "guess-guess-guess" } });
    const r = await t.json<{ code: string }>("POST", "/api/v1/auth/login", { body: { username: "mallory-target", password: "guess-guess-guess" } });
    assert.equal(r.status, 429);
    assert.equal(r.body.code, "RATE_LIMITED");
  });

  it("ends every session of a user who is disabled", async () => {
    await t.ctx.auth.createUser({ username: "bob", password: "bob-password-1234", role: "agent" });
    const res = await t.request("POST", "/api/v1/auth/login", { body: { username: "bob", password: "bob-password-1234" } });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    assert.equal((await t.request("GET", "/api/v1/auth/me", { as: { cookie } })).status, 200);
    const bob = await t.ctx.auth.repo.findUserByUsername("bob");
    await t.ctx.auth.updateUser(bob?.id ?? "", { disabled: true });
    assert.equal((await t.request("GET", "/api/v1/auth/me", { as: { cookie } })).status, 401);
  });
});

describe("API keys", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("shows the secret once, stores only a hash, and honours scopes", async () => {
    const created = await t.json<{ key: { id: string; prefix: string }; secret: string }>("POST", "/api/v1/api-keys", {
      as: "admin",
      body: { name: "reporting", scopes: ["users:manage"] },
    });
    assert.equal(created.status, 201);
    assert.match(created.body.secret, /^pgk_[A-Za-z0-9]{12}_/);
    const row = await t.db.kysely.selectFrom("api_keys").selectAll().where("id", "=", created.body.key.id).executeTakeFirstOrThrow();
    // pgk_<12-char prefix>_<43-char secret>: the secret part (which may itself contain "_") is not stored
    assert.ok(!JSON.stringify(row).includes(created.body.secret.slice(17)), "the secret part is not stored");
    const list = await t.json<{ items: Record<string, unknown>[] }>("GET", "/api/v1/api-keys", { as: "admin" });
    assert.ok(!JSON.stringify(list.body).includes(created.body.secret));
    const apiKey = created.body.secret;
    assert.equal((await t.request("GET", "/api/v1/users", { as: { apiKey } })).status, 200);
    assert.equal((await t.request("GET", "/api/v1/api-keys", { as: { apiKey } })).status, 403, "scope not granted");
  });

  it("stops working the moment it is revoked", async () => {
    const created = await t.json<{ key: { id: string }; secret: string }>("POST", "/api/v1/api-keys", {
      as: "admin",
      body: { name: "temp", scopes: ["users:manage"] },
    });
    const apiKey = created.body.secret;
    assert.equal((await t.request("GET", "/api/v1/users", { as: { apiKey } })).status, 200);
    assert.equal((await t.request("DELETE", `/api/v1/api-keys/${created.body.key.id}`, { as: "admin" })).status, 204);
    assert.equal((await t.request("GET", "/api/v1/users", { as: { apiKey } })).status, 401);
  });

  it("rejects a forged key with the right prefix and a wrong secret", async () => {
    const created = await t.json<{ secret: string }>("POST", "/api/v1/api-keys", { as: "admin", body: { name: "x", scopes: ["users:manage"] } });
    const forged = created.body.secret.slice(0, -4) + (created.body.secret.endsWith("AAAA") ? "BBBB" : "AAAA");
    assert.equal((await t.request("GET", "/api/v1/users", { as: { apiKey: forged } })).status, 401);
  });

  it("does not let a caller mint a key with permissions it lacks", async () => {
    const created = await t.json<{ secret: string }>("POST", "/api/v1/api-keys", { as: "admin", body: { name: "limited", scopes: ["apikeys:manage"] } });
    const r = await t.json<{ code: string }>("POST", "/api/v1/api-keys", {
      as: { apiKey: created.body.secret },
      body: { name: "escalate", scopes: ["users:manage"] },
    });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, "FORBIDDEN");
  });

  it("rejects an unknown scope with 400", async () => {
    const r = await t.json<{ code: string }>("POST", "/api/v1/api-keys", { as: "admin", body: { name: "bad", scopes: ["everything"] } });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, "VALIDATION_FAILED");
  });
});
