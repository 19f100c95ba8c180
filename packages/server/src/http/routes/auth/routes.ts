import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../../../auth/auth-service.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { LoginBodySchema, MeSchema, SessionSchema, SetupBodySchema, UserSchema } from "./schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const setup = secureRoute({
  method: "post",
  path: "/api/v1/setup",
  auth: "public",
  tags: ["auth"],
  summary: "Create the first admin with the one-time setup token printed at first start",
  request: { body: { required: true, ...json(SetupBodySchema) } },
  responses: { 201: { description: "admin created", ...json(UserSchema) }, 409: { description: "already set up" }, ...errorResponses("public") },
});

const login = secureRoute({
  method: "post",
  path: "/api/v1/auth/login",
  auth: "public",
  tags: ["auth"],
  summary: "Sign in; sets an HttpOnly session cookie and returns the CSRF token",
  request: { body: { required: true, ...json(LoginBodySchema) } },
  responses: { 200: { description: "signed in", ...json(SessionSchema) }, 429: { description: "too many failures" }, ...errorResponses("public") },
});

const logout = secureRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  auth: "session",
  tags: ["auth"],
  summary: "End the current session",
  responses: { 204: { description: "signed out" }, ...errorResponses("session") },
});

const me = secureRoute({
  method: "get",
  path: "/api/v1/auth/me",
  auth: "public",
  tags: ["auth"],
  summary: "Who is calling (401 when nobody)",
  responses: { 200: { description: "the caller", ...json(MeSchema) }, ...errorResponses("session") },
});

/** A stable key for the caller's address, for rate limits. */
export function clientKey(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/** Setup, sign-in, sign-out and who-am-I. */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(setup, async (c) => {
    const body = c.req.valid("json");
    const user = await c.get("ctx").auth.completeSetup(body);
    return c.json(user, 201);
  });

  app.openapi(login, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    const s = await ctx.auth.login({ ...body, clientKey: clientKey(c) });
    setCookie(c, SESSION_COOKIE, s.token, {
      httpOnly: true,
      secure: ctx.config.secureCookies,
      sameSite: "Strict",
      path: "/",
      expires: new Date(s.expiresAt),
    });
    return c.json({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt }, 200);
  });

  app.openapi(logout, async (c) => {
    const p = c.get("principal");
    if (p?.kind === "user") await c.get("ctx").auth.repo.deleteSession(p.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.openapi(me, (c) => {
    const p = c.get("principal");
    if (!p) throw new DomainError("UNAUTHENTICATED", "not signed in");
    const permissions = [...p.permissions].sort();
    if (p.kind === "api_key") return c.json({ kind: "api_key" as const, id: p.keyId, permissions }, 200);
    return c.json({ kind: "user" as const, id: p.userId, username: p.username, role: p.role, permissions, csrfToken: p.csrfToken }, 200);
  });
}
