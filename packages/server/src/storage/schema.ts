import type { AccessTables } from "./tables/access.js";
import type { AuditTables } from "./tables/audit.js";
import type { AuthTables } from "./tables/auth.js";
import type { CalendarTables } from "./tables/calendar.js";
import type { CatalogTables } from "./tables/catalog.js";
import type { ConsentTables } from "./tables/consent.js";
import type { DetectTables } from "./tables/detect.js";
import type { JobTables } from "./tables/jobs.js";
import type { PrivacyCenterTables } from "./tables/privacy-center.js";
import type { ProtectTables } from "./tables/protect.js";
import type { RequestRunTables } from "./tables/request-runs.js";
import type { RequestTables } from "./tables/requests.js";

/**
 * Every table of pipguard's own database, as Kysely sees it. Conventions: snake_case, ISO-8601 UTC
 * text timestamps, JSON as text, booleans as integers 0/1 (the same on SQLite and PostgreSQL).
 */
export interface Database
  extends AuthTables,
    JobTables,
    CalendarTables,
    CatalogTables,
    ConsentTables,
    RequestTables,
    DetectTables,
    AuditTables,
    RequestRunTables,
    AccessTables,
    ProtectTables,
    PrivacyCenterTables {}
