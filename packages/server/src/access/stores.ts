/** Operator stores opened for views: one connector per store key per context, kept open between pulls. */
import { DomainError, type Row, type ViewSpec } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { openStoreConnector } from "../connectors/protected-reads.js";
import type { Connector } from "../connectors/types.js";
import type { AppContext } from "../context.js";

interface Opened {
  conn: Connector;
  keys: Map<string, string[]>;
}

const opened = new WeakMap<AppContext, Map<string, Promise<Opened>>>();

async function open(ctx: AppContext, storeKey: string): Promise<Opened> {
  const svc = catalogService(ctx);
  const store = (await svc.listStores()).find((s) => s.key === storeKey);
  if (!store) throw new DomainError("NOT_FOUND", "the view's data store is no longer in the catalog");
  const connection = await svc.revealConnection(store.id);
  if (!connection) throw new DomainError("VALIDATION_FAILED", "the view's data store has no connection string; set one in the catalog");
  // Through the protected-columns wrapper: a column encrypted with `pipguard protect column` reads as plaintext, then is masked.
  return { conn: await openStoreConnector(ctx, store, connection), keys: new Map() };
}

/** A view's table: its connector and primary key (rows are paged and referenced by it). */
export async function viewTable(
  ctx: AppContext,
  view: ViewSpec,
): Promise<{ conn: Connector & { scan: NonNullable<Connector["scan"]> }; keyColumns: string[] }> {
  let byStore = opened.get(ctx);
  if (!byStore) {
    byStore = new Map();
    opened.set(ctx, byStore);
  }
  let p = byStore.get(view.store);
  if (!p) {
    p = open(ctx, view.store);
    byStore.set(view.store, p);
    p.catch(() => byStore?.delete(view.store));
  }
  const s = await p;
  const conn = s.conn;
  if (!conn.scan) throw new DomainError("VALIDATION_FAILED", "views need a database store (PostgreSQL, MySQL/MariaDB or SQLite)");
  let keys = s.keys.get(view.table);
  if (!keys) {
    const table = (await conn.introspect()).tables.find((t) => t.name === view.table);
    if (!table) throw new DomainError("NOT_FOUND", "the view's table is not in the store");
    const names = new Set(table.columns.map((c) => c.name));
    for (const c of [...view.fields.map((f) => f.column), view.subject.column, ...view.filter.map((f) => f.column)])
      if (!names.has(c)) throw new DomainError("VALIDATION_FAILED", "a column of the view is not in the table", { column: c });
    if (table.primaryKey.length === 0) throw new DomainError("VALIDATION_FAILED", "the view's table needs a primary key (rows are paged and referenced by it)");
    keys = table.primaryKey;
    s.keys.set(view.table, keys);
  }
  return { conn: conn as Connector & { scan: NonNullable<Connector["scan"]> }, keyColumns: keys };
}

/** The key values of a row, in key order. */
export function keyOf(row: Row, keyColumns: readonly string[]): Row[string][] {
  return keyColumns.map((k) => row[k] ?? null);
}

/** Closes every store opened for views by this context (tests, shutdown). */
export async function closeViewStores(ctx: AppContext): Promise<void> {
  const byStore = opened.get(ctx);
  if (!byStore) return;
  opened.delete(ctx);
  for (const p of byStore.values()) await (await p.catch(() => undefined))?.conn.close();
}
