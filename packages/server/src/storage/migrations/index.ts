import type { Migration } from "kysely";
import * as m0001 from "./0001-auth.js";

/**
 * The one migration list, run on SQLite and PostgreSQL alike. Append only: a migration that has
 * shipped is never edited. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  "0001-auth": m0001,
};
