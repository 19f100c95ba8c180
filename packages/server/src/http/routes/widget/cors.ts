/**
 * Browser access to the widget's public endpoints: CORS for the operator's allowed origins
 * (PIPGUARD_WIDGET_ORIGINS), a per-address rate limit, and preflight answers. A request from an origin
 * that is neither allowed nor the server's own is refused with 403 ORIGIN_NOT_ALLOWED, so another site
 * cannot drive a person's consent even with a leaked token.
 */
import { DomainError } from "@pipguard/core";
import type { Context, MiddlewareHandler } from "hono";
import { isWidgetOriginAllowed } from "../../../config/widget-origins.js";
import type { AppContext } from "../../../context.js";
import { WindowLimiter } from "../../../widget/rate-limit.js";
import type { AppEnv } from "../../types.js";

export const WIDGET_PREFIX = "/api/v1/widget/";

function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/** The app key of a public widget path (/api/v1/widget/{app}/…), or undefined for other paths. */
function appOf(path: string): string | undefined {
  if (!path.startsWith(WIDGET_PREFIX)) return undefined;
  const [app, rest] = path.slice(WIDGET_PREFIX.length).split("/", 2);
  return app && rest ? decodeURIComponent(app) : undefined;
}

const limiters = new WeakMap<AppContext, WindowLimiter>();

/** Origin check, CORS headers (also on error responses, so the widget can read the problem code) and the rate limit. */
export function widgetAccess(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const app = appOf(c.req.path);
    if (app === undefined) return next();
    const ctx = c.get("ctx");
    const origin = c.req.header("origin");
    const sameOrigin = origin !== undefined && (origin === new URL(c.req.url).origin || origin === ctx.config.publicUrl?.replace(/\/$/, ""));
    const allowed = origin === undefined || sameOrigin || isWidgetOriginAllowed(ctx.config.widgetOrigins, app, origin);
    if (origin && allowed && !sameOrigin) {
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Expose-Headers", "Retry-After, X-Request-Id");
    }
    c.header("Vary", "Origin");
    if (!allowed) throw new DomainError("ORIGIN_NOT_ALLOWED", "this web origin may not use the consent widget of this app; add it to PIPGUARD_WIDGET_ORIGINS");
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Headers": "Content-Type, X-Pipguard-Token",
        "Access-Control-Max-Age": "600",
      });
    }
    let limiter = limiters.get(ctx);
    if (!limiter) {
      limiter = new WindowLimiter(ctx.config.widgetRateLimit);
      limiters.set(ctx, limiter);
    }
    const wait = limiter.hit(`${clientAddress(c)}|${app}`, ctx.clock.now().getTime());
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new DomainError("RATE_LIMITED", "too many consent-widget requests from this address; try again shortly");
    }
    return next();
  };
}
