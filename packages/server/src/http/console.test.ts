import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { CONSOLE_CSP, defaultConsoleDir, registerConsole } from "./console.js";
import type { AppEnv } from "./types.js";

describe("the admin console under /admin", () => {
  let dir: string;
  let app: Hono<AppEnv>;
  const js = `console.log(${JSON.stringify("x".repeat(4000))});`;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pipguard-console-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), '<!doctype html><html lang="zh-CN"><script type="module" src="/admin/assets/index-abc123.js"></script></html>');
    writeFileSync(join(dir, "assets", "index-abc123.js"), js);
    writeFileSync(join(dir, "assets", "index-abc123.css"), "body{color:#111}");
    writeFileSync(join(dir, ".secret"), "no");
    app = new Hono<AppEnv>();
    registerConsole(app, { dir });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("serves index.html uncached with a strict CSP, and redirects /admin to /admin/", async () => {
    const res = await app.request("/admin/");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "no-cache");
    assert.equal(res.headers.get("content-security-policy"), CONSOLE_CSP);
    assert.match(CONSOLE_CSP, /script-src 'self'/);
    assert.doesNotMatch(CONSOLE_CSP, /unsafe/);
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.match(await res.text(), /index-abc123\.js/);
    const redirect = await app.request("/admin");
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.get("location"), "/admin/");
  });

  it("serves hashed assets with their type, a year of immutable cache, and gzip when accepted", async () => {
    const res = await app.request("/admin/assets/index-abc123.js", { headers: { "accept-encoding": "gzip, br" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(res.headers.get("content-encoding"), "gzip");
    assert.equal(gunzipSync(Buffer.from(await res.arrayBuffer())).toString(), js);
    const plain = await app.request("/admin/assets/index-abc123.css");
    assert.equal(plain.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(await plain.text(), "body{color:#111}");
  });

  it("falls back to index.html for client routes, 404s missing files, and never leaves dist/", async () => {
    const route = await app.request("/admin/requests/123");
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<!doctype html>/);
    assert.equal((await app.request("/admin/assets/missing-000.js")).status, 404);
    for (const p of ["/admin/..%2f..%2fetc%2fpasswd", "/admin/%2e%2e/package.json", "/admin/.secret"]) {
      const res = await app.request(p);
      assert.notEqual(await res.text(), "no", p);
      assert.ok(!(await app.request(p)).headers.get("content-type")?.includes("javascript"), p);
    }
  });

  it("answers a clear 503 page when the console has not been built", async () => {
    const empty = new Hono<AppEnv>();
    registerConsole(empty, { dir: join(dir, "nope") });
    const res = await empty.request("/admin/");
    assert.equal(res.status, 503);
    assert.match(await res.text(), /npm run build/);
  });
});

describe("the server's /admin (real build of packages/console)", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ users: false });
  });
  after(() => t.dispose());

  it("finds the console package's dist and serves its entry script", async () => {
    assert.ok(defaultConsoleDir()?.endsWith(join("console", "dist")));
    const res = await t.request("GET", "/admin/");
    assert.equal(res.status, 200, "run npm run build first");
    assert.equal(res.headers.get("cache-control"), "no-cache");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    const entry = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(entry, "index.html references a hashed entry script");
    const js = await t.request("GET", entry);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get("cache-control"), "public, max-age=31536000, immutable");
  });
});
