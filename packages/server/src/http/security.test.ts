import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ROLE_PERMISSIONS, ROLES } from "../auth/permissions.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";

type Op = { method: string; path: string; auth: string };

// PI that must never reach a log line: a GB 11643 resident ID with a valid check digit, a mainland
// mobile number and an e-mail address.
const ID_NUMBER = "11010519491231002X";
const MOBILE = "13800138000";
const EMAIL = "zhang.san@example.cn";

function operations(spec: { paths: Record<string, Record<string, { "x-pipguard-auth"?: string }>> }): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) ops.push({ method: method.toUpperCase(), path, auth: op["x-pipguard-auth"] ?? "(none)" });
  }
  return ops;
}

/** Fills `{param}` placeholders; PI goes into the path too, where a careless log would keep it. */
function concretePath(path: string, filler: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(filler));
}

describe("every route denies by default", () => {
  let t: TestApp;
  let ops: Op[];
  before(async () => {
    t = await createTestApp();
    ops = operations((await t.json<never>("GET", "/openapi.json")).body);
  });
  after(async () => {
    await t.dispose();
  });

  it("declares an auth policy on every operation", () => {
    assert.ok(ops.length >= 10);
    for (const op of ops) assert.notEqual(op.auth, "(none)", `${op.method} ${op.path}`);
  });

  it("answers 401 to anonymous callers on every non-public route", async () => {
    for (const op of ops.filter((o) => o.auth !== "public")) {
      const res = await t.request(op.method, concretePath(op.path, "x1"), op.method === "GET" ? {} : { body: {} });
      assert.equal(res.status, 401, `${op.method} ${op.path}`);
    }
  });

  it("answers 403 exactly when a role lacks the route's permission, for every role and route group", async () => {
    for (const role of ROLES) {
      for (const op of ops.filter((o) => o.auth !== "public" && o.auth !== "session")) {
        const res = await t.request(op.method, concretePath(op.path, "x1"), op.method === "GET" ? { as: role } : { body: {}, as: role });
        const allowed = (ROLE_PERMISSIONS[role] as readonly string[]).includes(op.auth);
        const status = res.status;
        if (allowed) assert.ok(status !== 401 && status !== 403, `${role} ${op.method} ${op.path} → ${status}`);
        else assert.equal(status, 403, `${role} ${op.method} ${op.path}`);
      }
    }
  });
});

describe("no personal data in logs", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("keeps an ID number, a mobile number and an e-mail out of the logs of every route", async () => {
    const ops = operations((await t.json<never>("GET", "/openapi.json")).body);
    const pi = { idNumber: ID_NUMBER, mobile: MOBILE, email: EMAIL, name: "张三", note: `身份证 ${ID_NUMBER} 手机 ${MOBILE} 邮箱 ${EMAIL}` };
    const query = `?q=${encodeURIComponent(`${MOBILE} ${EMAIL}`)}&id=${ID_NUMBER}`;
    for (const op of ops) {
      for (const as of ["admin", "anonymous"] as const) {
        const path = concretePath(op.path, MOBILE) + query;
        const headers = { "x-request-id": `req-${MOBILE}`, "user-agent": EMAIL, referer: `https://x.cn/?id=${ID_NUMBER}` };
        await t.request(op.method, path, op.method === "GET" || op.method === "DELETE" ? { as, headers } : { as, headers, body: pi });
        // malformed bodies are logged on the error path: they must not leak either
        if (op.method !== "GET")
          await t.request(op.method, path, { as, headers: { ...headers, "content-type": "application/json" }, raw: `{"mobile":"${MOBILE}",` });
      }
    }
    // log in with PI as the username too
    await t.request("POST", "/api/v1/auth/login", { body: { username: EMAIL, password: ID_NUMBER } });
    const all = t.logs.join("\n");
    assert.ok(t.logs.length > ops.length, "requests were logged");
    for (const value of [ID_NUMBER, MOBILE, EMAIL, "zhang.san"]) assert.ok(!all.includes(value), `a log line carries ${value.slice(0, 3)}…`);
  });
});
