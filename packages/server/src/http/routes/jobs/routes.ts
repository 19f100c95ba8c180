import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.js";

/** Routes of the jobs area. */
export function registerJobRoutes(_app: OpenAPIHono<AppEnv>): void {}
