import type { Migration } from "kysely";
import * as m0001 from "./0001-auth.js";
import * as m0002 from "./0002-jobs.js";
import * as m0003 from "./0003-calendar.js";
import * as m0004 from "./0004-catalog.js";
import * as m0005 from "./0005-consent.js";
import * as m0006 from "./0006-requests.js";
import * as m0007 from "./0007-detect.js";
import * as m0008 from "./0008-app-audit.js";
import * as m0009 from "./0009-access.js";
import * as m0010 from "./0010-protect.js";
import * as m0011 from "./0011-request-runs.js";
import * as m0012 from "./0012-privacy-center.js";
import * as m0016 from "./0016-purpose-changes.js";

/**
 * The one migration list, run on SQLite and PostgreSQL alike. Append only: a migration that has
 * shipped is never edited. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  "0001-auth": m0001,
  "0002-jobs": m0002,
  "0003-calendar": m0003,
  "0004-catalog": m0004,
  "0005-consent": m0005,
  "0006-requests": m0006,
  "0007-detect": m0007,
  "0008-app-audit": m0008,
  "0009-access": m0009,
  "0010-protect": m0010,
  "0011-request-runs": m0011,
  "0012-privacy-center": m0012,
  "0016-purpose-changes": m0016,
};
