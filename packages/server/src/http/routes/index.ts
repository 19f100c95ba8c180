import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../types.js";
import { registerProtectionRoutes } from "./access/protection-routes.js";
import { registerAccessRoutes } from "./access/routes.js";
import { registerApiKeyRoutes } from "./api-keys/routes.js";
import { registerAuditRoutes } from "./audit/routes.js";
import { registerAuthRoutes } from "./auth/routes.js";
import { registerCalendarRoutes } from "./calendar/routes.js";
import { registerCatalogRoutes } from "./catalog/routes.js";
import { registerConsentRoutes } from "./consent/routes.js";
import { registerDetectRoutes } from "./detect/routes.js";
import { registerHealthRoutes } from "./health/routes.js";
import { registerJobRoutes } from "./jobs/routes.js";
import { registerPrivacyCenterRoutes } from "./privacy-center/routes.js";
import { registerProtectRoutes } from "./protect/routes.js";
import { registerRequestRoutes } from "./requests/routes.js";
import { registerUserRoutes } from "./users/routes.js";
import { registerWidgetRoutes } from "./widget/routes.js";

/** Every route group; each group's routes declare their own auth policy. */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  registerHealthRoutes(app);
  registerAuthRoutes(app);
  registerUserRoutes(app);
  registerApiKeyRoutes(app);
  registerCalendarRoutes(app);
  registerCatalogRoutes(app);
  registerConsentRoutes(app);
  registerJobRoutes(app);
  registerRequestRoutes(app);
  registerAuditRoutes(app);
  registerDetectRoutes(app);
  registerWidgetRoutes(app);
  registerAccessRoutes(app);
  registerProtectionRoutes(app);
  registerProtectRoutes(app);
  registerPrivacyCenterRoutes(app);
}
