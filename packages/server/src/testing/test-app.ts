import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Clock, IdGenerator } from "@pipguard/core";
import { ROLES, type Role } from "../auth/permissions.js";
import { type Config, loadConfig } from "../config/config.js";
import { type AppContext, createContext } from "../context.js";
import { createApp } from "../http/app.js";
import type { AppEnv } from "../http/types.js";
import { createLogger } from "../logger.js";
import { openTestDb, type TestDb } from "./test-db.js";

/** Who a test request is sent as. */
export type As = Role | "anonymous" | { apiKey: string } | { cookie: string; csrf?: string };

export interface TestRequest {
  body?: unknown;
  /** Raw body text (bypasses JSON encoding). */
  raw?: string;
  headers?: Record<string, string>;
  as?: As;
}

export interface TestApp {
  app: OpenAPIHono<AppEnv>;
  ctx: AppContext;
  db: TestDb;
  /** Every log line written so far, as raw JSON text. */
  logs: string[];
  /** Sends an in-process request; `as` picks the role (a signed-in session of that role). */
  request(method: string, path: string, opts?: TestRequest): Promise<Response>;
  /** Shorthand: the JSON body of a request, asserting nothing. */
  json<T = unknown>(method: string, path: string, opts?: TestRequest): Promise<{ status: number; body: T; res: Response }>;
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  ids?: IdGenerator;
  config?: Record<string, string>;
  /** Create one signed-in user per role (default true). */
  users?: boolean;
}

/** Builds the whole app on a fresh test database with one signed-in session per role. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "pipguard-app-"));
  const config: Config = loadConfig({
    NODE_ENV: "test",
    PIPGUARD_DATA_DIR: dataDir,
    PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
    PIPGUARD_LOG_LEVEL: "info",
    ...opts.config,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(...String(chunk).split("\n").filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level: "debug", destination: sink });
  const db = await openTestDb();
  const ctx = await createContext(config, { db, logger, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.ids ? { ids: opts.ids } : {}) });
  const app = createApp(ctx);
  const sessions = new Map<Role, { cookie: string; csrf: string }>();

  const request = async (method: string, path: string, r: TestRequest = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...r.headers };
    let body: string | undefined = r.raw;
    if (r.body !== undefined) {
      body = JSON.stringify(r.body);
      headers["content-type"] ??= "application/json";
    }
    const as = r.as ?? "anonymous";
    if (typeof as === "object" && "apiKey" in as) headers.authorization = `Bearer ${as.apiKey}`;
    else if (typeof as === "object") {
      headers.cookie = as.cookie;
      if (as.csrf) headers["x-csrf-token"] = as.csrf;
    } else if (as !== "anonymous") {
      const s = sessions.get(as);
      if (!s) throw new Error(`no session for role ${as}`);
      headers.cookie = s.cookie;
      headers["x-csrf-token"] ??= s.csrf;
    }
    return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  };

  if (opts.users !== false) {
    for (const role of ROLES) {
      const password = `pw-${role}-${randomBytes(8).toString("hex")}`;
      await ctx.auth.createUser({ username: `test-${role.replace("_", "-")}`, password, role });
      const res = await request("POST", "/api/v1/auth/login", { body: { username: `test-${role.replace("_", "-")}`, password } });
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status}`);
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      sessions.set(role, { cookie, csrf: csrfToken });
    }
  }

  return {
    app,
    ctx,
    db,
    logs,
    request,
    async json<T>(method: string, path: string, o?: TestRequest) {
      const res = await request(method, path, o);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, res };
    },
    async dispose() {
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
