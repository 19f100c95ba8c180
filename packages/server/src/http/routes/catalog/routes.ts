import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.js";

/** Routes of the catalog area. */
export function registerCatalogRoutes(_app: OpenAPIHono<AppEnv>): void {}
