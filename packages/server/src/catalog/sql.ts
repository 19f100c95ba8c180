/**
 * The catalog's dialect-specific SQL, kept in one place: JSON aggregation of link rows (SQLite
 * json_group_array vs PostgreSQL json_agg) and recognising constraint violations of either driver.
 */
import { DomainError } from "@pipguard/core";
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "../storage/db.js";

/** A JSON array of the given row expression over a correlated subquery; [] when no rows. */
export function jsonRows(dialect: DialectName, row: RawBuilder<unknown>, from: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialect === "postgres"
    ? sql`(select coalesce(json_agg(${row}), '[]'::json) from ${from})`
    : sql`(select coalesce(json_group_array(${row}), '[]') from ${from})`;
}

/** A JSON array literal of the given columns: json_build_array on PostgreSQL, json_array on SQLite. */
export function jsonTuple(dialect: DialectName, ...cols: RawBuilder<unknown>[]): RawBuilder<unknown> {
  const list = sql.join(cols);
  return dialect === "postgres" ? sql`json_build_array(${list})` : sql`json_array(${list})`;
}

/** The driver gives JSON columns parsed (pg) or as text (SQLite); this reads both. */
export function readJson<T>(v: unknown): T {
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** Turns a unique or foreign-key violation that slipped past the service's checks into a domain error. */
export function mapConstraintError(e: unknown): unknown {
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? "";
  if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new DomainError("ALREADY_EXISTS", "an entry with the same key already exists");
  }
  // SQLite reports ON DELETE RESTRICT as SQLITE_CONSTRAINT_TRIGGER with a FOREIGN KEY message.
  if (code === "23503" || (code.startsWith("SQLITE_CONSTRAINT") && /FOREIGN KEY/i.test(err.message ?? ""))) {
    return new DomainError("REFERENCE_IN_USE", "the entry is referenced elsewhere in the catalog, or references a missing entry");
  }
  return e;
}
