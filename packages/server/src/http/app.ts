import { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError, isDomainError } from "@pipguard/core";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { AppContext } from "../context.js";
import { scrubPi } from "../logger.js";
import { registerConsole } from "./console.js";
import { registerLanding } from "./landing.js";
import { accessLog, identify } from "./middleware.js";
import { problemJson } from "./problem.js";
import { registerRoutes } from "./routes/index.js";
import type { AppEnv } from "./types.js";
import { validationHook } from "./validation.js";

/** The whole HTTP application: middleware, every route group, OpenAPI 3.1 at /openapi.json. */
export function createApp(ctx: AppContext): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", requestId({ headerName: "X-Request-Id", limitLength: 128 }));
  app.use("*", accessLog(ctx));
  app.use(
    "*",
    bodyLimit({
      maxSize: ctx.config.bodyLimitBytes,
      onError: () => {
        throw new DomainError("PAYLOAD_TOO_LARGE", `request bodies are limited to ${ctx.config.bodyLimitBytes} bytes`);
      },
    }),
  );
  app.use("*", identify(ctx));
  app.use("*", async (c, next) => {
    // Set before the handler, so they are part of the response it builds (a route's own Cache-Control
    // replaces the default). Setting a header after makes hono rebuild the response around a stream of
    // its body, which was a tenth of a 1,000-event consent batch.
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    await next();
    // A handler that returned a Response of its own: add what it lacks.
    const h = c.res.headers;
    if (h.get("X-Content-Type-Options") !== "nosniff") c.header("X-Content-Type-Options", "nosniff");
    if (h.get("Referrer-Policy") !== "no-referrer") c.header("Referrer-Policy", "no-referrer");
    if (!h.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  registerRoutes(app);
  registerLanding(app);
  registerConsole(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "API key pgk_…" });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "pipguard_session" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "pipguard API",
      version: "0.1.0",
      description:
        "个人信息保护平台 API — personal-information protection under PIPL, GB/T 35273 and GB/T 41391. Errors are application/problem+json with a stable `code`.",
    },
    servers: [{ url: ctx.config.publicUrl ?? "/" }],
  });

  app.notFound((c) => problemJson(c, new DomainError("NOT_FOUND", "no such resource")));
  app.onError((err, c) => {
    if (isDomainError(err)) return problemJson(c, err);
    if (err instanceof HTTPException && err.status === 400) return problemJson(c, new DomainError("MALFORMED_JSON", "the request body is not valid JSON"));
    if (err instanceof HTTPException && err.status === 413) return problemJson(c, new DomainError("PAYLOAD_TOO_LARGE", "request body too large"));
    if (err instanceof HTTPException && err.status === 415) return problemJson(c, new DomainError("UNSUPPORTED_MEDIA_TYPE", "send application/json"));
    // Unexpected: log what happened (scrubbed: driver errors can quote row values), answer generically.
    ctx.logger.error(
      { subsystem: "http", requestId: c.get("requestId"), err: { name: err.name, message: scrubPi(err.message), stack: scrubPi(err.stack ?? "") } },
      "unhandled error",
    );
    return problemJson(c, new DomainError("INTERNAL", "internal error"));
  });
  return app;
}
