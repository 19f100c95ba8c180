import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../types.js";

/** Routes of the calendar area. */
export function registerCalendarRoutes(_app: OpenAPIHono<AppEnv>): void {}
