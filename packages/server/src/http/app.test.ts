import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { createApp } from "./app.js";

describe("HTTP foundation", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("answers /healthz and sets X-Request-Id", async () => {
    const res = await t.request("GET", "/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: "ok" });
    assert.ok(res.headers.get("x-request-id"));
  });

  it("sends nosniff, no-referrer and no-store (unless the route chose its own caching) on every kind of answer", async () => {
    // Routes that return a Response object of their own, as streaming routes do (on an app built for this test).
    const app = createApp(t.ctx);
    app.get("/__test/raw", () => new Response("raw", { headers: { "cache-control": "max-age=5" } }));
    app.get("/__test/raw-bare", () => new Response("raw"));
    const answers = [
      [await app.request("/healthz"), "no-store"],
      [await app.request("/api/v1/nope"), "no-store"],
      [await app.request("/api/v1/consents", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), "no-store"],
      [await app.request("/__test/raw"), "max-age=5"],
      [await app.request("/__test/raw-bare"), "no-store"],
    ] as const;
    for (const [res, cache] of answers) {
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      assert.equal(res.headers.get("cache-control"), cache);
    }
  });

  it("shows a bilingual landing page at / pointing to the API description", async () => {
    const res = await t.request("GET", "/");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /个人信息保护平台/);
    assert.match(html, /href="\/openapi.json"/);
  });

  it("echoes a caller's X-Request-Id into problem bodies", async () => {
    const { status, body, res } = await t.json<{ code: string; requestId: string }>("GET", "/api/v1/nope", { headers: { "x-request-id": "abc-123" } });
    assert.equal(status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal(body.code, "NOT_FOUND");
    assert.equal(body.requestId, "abc-123");
  });

  it("serves OpenAPI 3.1 that documents every route with its auth policy", async () => {
    const { status, body } = await t.json<{ openapi: string; paths: Record<string, Record<string, { "x-pipguard-auth"?: string }>> }>("GET", "/openapi.json");
    assert.equal(status, 200);
    assert.equal(body.openapi, "3.1.0");
    for (const [path, ops] of Object.entries(body.paths)) {
      for (const [method, op] of Object.entries(ops)) assert.ok(op["x-pipguard-auth"], `${method} ${path} has no auth policy`);
    }
  });

  it("rejects malformed JSON with 400 MALFORMED_JSON", async () => {
    const { status, body } = await t.json<{ code: string }>("POST", "/api/v1/auth/login", {
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(status, 400);
    assert.equal(body.code, "MALFORMED_JSON");
  });

  it("rejects unknown fields with 400 VALIDATION_FAILED naming the field", async () => {
    const { status, body } = await t.json<{ code: string; errors: { path: string; code: string }[] }>("POST", "/api/v1/auth/login", {
      body: { username: "a", password: "b", extra: 1 },
    });
    assert.equal(status, 400);
    assert.equal(body.code, "VALIDATION_FAILED");
    assert.ok(body.errors.some((e) => e.code === "unrecognized_keys"));
  });

  it("answers 413 PAYLOAD_TOO_LARGE for bodies over 1 MiB", async () => {
    const big = JSON.stringify({ username: "x".repeat(1024 * 1024 + 10), password: "y" });
    const { status, body } = await t.json<{ code: string }>("POST", "/api/v1/auth/login", { raw: big, headers: { "content-type": "application/json" } });
    assert.equal(status, 413);
    assert.equal(body.code, "PAYLOAD_TOO_LARGE");
  });

  it("requires authentication on protected routes (401) and the right role (403)", async () => {
    assert.equal((await t.request("GET", "/api/v1/users")).status, 401);
    assert.equal((await t.request("GET", "/api/v1/users", { as: "auditor" })).status, 403);
    assert.equal((await t.request("GET", "/api/v1/users", { as: "admin" })).status, 200);
  });

  it("refuses a cookie-authenticated write without the CSRF token", async () => {
    const res = await t.request("POST", "/api/v1/api-keys", {
      as: "admin",
      body: { name: "k", scopes: ["catalog:read"] },
      headers: { "x-csrf-token": "wrong" },
    });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { code: string }).code, "CSRF_TOKEN_INVALID");
  });
});
