/** Opens the connector for a catalog store kind. */
import { DomainError, type StoreKind } from "@pipguard/core";
import { openFiles } from "./files.js";
import { openMysql } from "./mysql.js";
import { openPostgres } from "./postgres.js";
import { openSqlite } from "./sqlite.js";
import type { Connector } from "./types.js";

/**
 * Opens a connector for a connection string (never logged): postgres://…[?schema=NAME],
 * mysql://…/database, a SQLite file path (or sqlite:PATH), or a directory of CSV/JSONL files.
 */
export function openConnector(kind: StoreKind, connection: string): Connector {
  switch (kind) {
    case "postgres":
      return openPostgres(connection);
    case "mysql":
      return openMysql(connection);
    case "sqlite":
      return openSqlite(connection);
    case "file":
      return openFiles(connection);
    default:
      throw new DomainError("VALIDATION_FAILED", `no connector for store kind ${String(kind)}`);
  }
}
