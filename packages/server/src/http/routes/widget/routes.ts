/**
 * The browser consent widget's server side: subject tokens minted by the operator's backend
 * (consent:write), the public endpoints the widget calls with such a token, and the built widget at
 * /sdk/pipguard-consent.js and .mjs. Docs: docs/widget.md.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { catalogService } from "../../../catalog/index.js";
import { consentArea } from "../../../consent/index.js";
import { WIDGET_FILES, widgetAsset } from "../../../widget/assets.js";
import { DEFAULT_TOKEN_TTL_SECONDS, mintSubjectToken, verifySubjectToken } from "../../../widget/subject-token.js";
import { recordWidgetChoices, widgetConfig, widgetState } from "../../../widget/widget-service.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { widgetAccess } from "./cors.js";
import {
  AppParamsSchema,
  json,
  MintedTokenSchema,
  MintTokenSchema,
  TokenHeaderSchema,
  WidgetChoicesSchema,
  WidgetConfigSchema,
  WidgetStateSchema,
} from "./schemas.js";

const W = "consent:write" as const;
const tags = ["widget"];
const problem = { content: { "application/problem+json": { schema: z.object({ code: z.string() }) } } };
const tokenErrors = {
  401: { description: "WIDGET_TOKEN_INVALID or WIDGET_TOKEN_EXPIRED", ...problem },
  403: { description: "ORIGIN_NOT_ALLOWED", ...problem },
  429: { description: "RATE_LIMITED (Retry-After)", ...problem },
};

const mint = secureRoute({
  method: "post",
  path: "/api/v1/widget/tokens",
  auth: W,
  tags,
  summary: "Mint a short-lived subject token for the consent widget (call from your backend; never ship an API key to browsers)",
  request: { body: { required: true, ...json(MintTokenSchema) } },
  responses: { 201: { description: "minted", ...json(MintedTokenSchema) }, ...errorResponses(W) },
});
const config = secureRoute({
  method: "get",
  path: "/api/v1/widget/{app}/config",
  auth: "public",
  tags,
  summary: "The consent notice of an app: purposes needing consent in plain words (zh-CN, en), policy version and URL, notice hashes",
  request: { params: AppParamsSchema },
  responses: { 200: { description: "notice", ...json(WidgetConfigSchema) }, ...tokenErrors, ...errorResponses("public") },
});
const state = secureRoute({
  method: "get",
  path: "/api/v1/widget/{app}/state",
  auth: "public",
  tags,
  summary: "The token's subject: current consent per purpose and whether the widget may ask (48-hour governor, GB/T 41391-2022 6.4.4 c)",
  request: { params: AppParamsSchema, headers: TokenHeaderSchema },
  responses: { 200: { description: "state", ...json(WidgetStateSchema) }, ...tokenErrors, ...errorResponses("public") },
});
const choices = secureRoute({
  method: "post",
  path: "/api/v1/widget/{app}/choices",
  auth: "public",
  tags,
  summary: "Record the choices made in the widget as ledger events (channel widget) and prompt records; answers the new state",
  request: { params: AppParamsSchema, headers: TokenHeaderSchema, body: { required: true, ...json(WidgetChoicesSchema) } },
  responses: {
    200: { description: "recorded; the new state", ...json(WidgetStateSchema) },
    409: { description: "the notice changed since it was shown", ...problem },
    ...tokenErrors,
    ...errorResponses("public"),
  },
});
const js = { content: { "text/javascript": { schema: z.string() } } };
const asset = secureRoute({
  method: "get",
  path: "/sdk/{file}",
  auth: "public",
  tags,
  summary: "The consent widget: pipguard-consent.js (script tag, global PipguardConsent) or pipguard-consent.mjs (ESM)",
  request: { params: z.object({ file: z.enum(WIDGET_FILES) }) },
  responses: { 200: { description: "script", ...js }, 304: { description: "not modified" }, ...errorResponses("public") },
});

/** Registers the widget routes and the browser-access middleware in front of the public ones. */
export function registerWidgetRoutes(app: OpenAPIHono<AppEnv>): void {
  app.use("/api/v1/widget/*", widgetAccess());
  app.openapi(mint, async (c) => {
    const ctx = c.get("ctx");
    const b = c.req.valid("json");
    await consentArea(ctx).subjects.get(b.subjectId);
    if (!(await catalogService(ctx).listSystems()).some((s) => s.key === b.app)) {
      throw new DomainError("UNKNOWN_REFERENCE", "no catalog system has this key", { field: "app" });
    }
    const t = mintSubjectToken(ctx.keyring, {
      subjectId: b.subjectId,
      app: b.app,
      nowMs: ctx.clock.now().getTime(),
      ttlSeconds: b.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    });
    return c.json({ ...t, app: b.app }, 201);
  });
  app.openapi(config, async (c) => {
    const cfg = await widgetConfig(c.get("ctx"), c.req.valid("param").app, new URL(c.req.url).origin);
    return c.json(cfg, 200, { "Cache-Control": "no-cache" });
  });
  app.openapi(state, async (c) => {
    const ctx = c.get("ctx");
    const { app: appKey } = c.req.valid("param");
    const claims = verifySubjectToken(ctx.keyring, c.req.valid("header")["x-pipguard-token"], { app: appKey, nowMs: ctx.clock.now().getTime() });
    return c.json(await widgetState(ctx, claims.subjectId, await widgetConfig(ctx, appKey, new URL(c.req.url).origin)), 200);
  });
  app.openapi(choices, async (c) => {
    const ctx = c.get("ctx");
    const { app: appKey } = c.req.valid("param");
    const claims = verifySubjectToken(ctx.keyring, c.req.valid("header")["x-pipguard-token"], { app: appKey, nowMs: ctx.clock.now().getTime() });
    const cfg = await widgetConfig(ctx, appKey, new URL(c.req.url).origin);
    await recordWidgetChoices(ctx, cfg, { subjectId: claims.subjectId, ...c.req.valid("json") });
    return c.json(await widgetState(ctx, claims.subjectId, cfg), 200);
  });
  app.openapi(asset, (c) => {
    const a = widgetAsset(c.req.valid("param").file);
    if (!a) throw new DomainError("NOT_FOUND", "the widget has not been built; run npm run build");
    // Public code, loadable from any page (an ESM import from another origin is a CORS request).
    const headers = {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=3600, must-revalidate",
      ETag: a.etag,
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
    };
    if (c.req.header("if-none-match") === a.etag) return c.body(null, 304, headers);
    return c.body(a.body, 200, headers);
  });
}
