import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../auth/auth-service.js";
import type { AppContext } from "../context.js";
import type { AppEnv } from "./types.js";

/** Puts the context on every request and resolves who is calling (API key first, then session cookie). */
export function identify(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("ctx", ctx);
    const authz = c.req.header("authorization");
    if (authz?.startsWith("Bearer ")) {
      c.set("principal", await ctx.auth.principalFromApiKey(authz.slice(7).trim()));
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      c.set("principal", token ? await ctx.auth.principalFromSession(token) : undefined);
    }
    await next();
  };
}

/** One log line per request: method, route pattern (never the raw path or query), status, time. */
export function accessLog(ctx: AppContext): MiddlewareHandler<AppEnv> {
  const log = ctx.logger.child({ subsystem: "http" });
  return async (c, next) => {
    const started = performance.now();
    await next();
    const p = c.get("principal");
    log.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        principal: p ? (p.kind === "user" ? `user:${p.userId}` : `key:${p.keyId}`) : undefined,
      },
      "request",
    );
  };
}
