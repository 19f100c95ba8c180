import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import type { MiddlewareHandler } from "hono";
import type { Permission } from "../auth/permissions.js";
import { ProblemSchema } from "./problem.js";
import type { AppEnv } from "./types.js";

/**
 * Who may call a route: a permission, "session" (any signed-in admin user), or "public".
 * There is no default: a route without `auth` does not compile (deny by default).
 */
export type AuthPolicy = Permission | "session" | "public";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Middleware enforcing a policy; cookie-authenticated unsafe requests also need the CSRF header. */
export function authorize(policy: AuthPolicy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (policy === "public") return next();
    const principal = c.get("principal");
    if (!principal) throw new DomainError("UNAUTHENTICATED", "sign in, or send an API key as 'Authorization: Bearer pgk_…'");
    if (principal.kind === "user" && !SAFE_METHODS.has(c.req.method)) {
      // Double-submit CSRF token: a cross-site form cannot read it, so cannot send it.
      const sent = c.req.header("x-csrf-token");
      if (!sent || sent !== principal.csrfToken) throw new DomainError("CSRF_TOKEN_INVALID", "send the session's CSRF token in the X-CSRF-Token header");
    }
    if (policy === "session") {
      if (principal.kind !== "user") throw new DomainError("FORBIDDEN", "this route needs a signed-in user");
      return next();
    }
    if (!principal.permissions.has(policy)) throw new DomainError("FORBIDDEN", `this route needs the '${policy}' permission`);
    return next();
  };
}

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** Standard error responses every route documents. */
export function errorResponses(policy: AuthPolicy) {
  return {
    400: { description: "Bad request (schema or JSON)", content: problemContent },
    ...(policy === "public"
      ? {}
      : { 401: { description: "Not signed in", content: problemContent }, 403: { description: "Not allowed", content: problemContent } }),
    404: { description: "Not found", content: problemContent },
    422: { description: "Rule violated", content: problemContent },
  } as const;
}

/** createRoute with an auth policy attached as middleware and documented as security. */
export function secureRoute<const R extends Omit<RouteConfig, "middleware" | "security">>(config: R & { auth: AuthPolicy }): R & { getRoutingPath(): string } {
  const { auth, ...rest } = config;
  return createRoute({
    ...rest,
    middleware: [authorize(auth)] as const,
    ...(auth === "public" ? { security: [] } : { security: [{ bearer: [] }, { session: [] }] }),
    "x-pipguard-auth": auth,
  } as unknown as R) as R & { getRoutingPath(): string };
}
