import { DomainError, type SubjectDataset } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { eraseSubject, findSubject } from "../connectors/index.js";
import { openStoreConnector } from "../connectors/protected-reads.js";
import type { Connector } from "../connectors/types.js";
import type { AppContext } from "../context.js";
import type { SubjectDataPort, SubjectIdentity } from "./subject-data-port.js";

/**
 * The SubjectDataPort over server/connectors: each catalog store named in `datasets` is opened with
 * its (decrypted, never logged) connection string and searched with its dataset file. An e-mail
 * identity matches the dataset's `email` identity kind, a mobile the `phone` kind.
 */
export function connectorSubjectPort(ctx: AppContext, datasets: Readonly<Record<string, SubjectDataset>>): SubjectDataPort {
  const open = async (storeKey: string): Promise<{ conn: Connector; dataset: SubjectDataset }> => {
    const dataset = datasets[storeKey];
    if (!dataset) throw new DomainError("NOT_CONFIGURED", "no dataset file is configured for that data store");
    const svc = catalogService(ctx);
    const store = (await svc.listStores()).find((s) => s.key === storeKey);
    if (!store) throw new DomainError("NOT_FOUND", "no data store with that key in the catalog");
    const connection = await svc.revealConnection(store.id);
    if (!connection) throw new DomainError("NOT_CONFIGURED", "the data store has no connection string; set one in the catalog");
    return { conn: await openStoreConnector(ctx, store, connection), dataset };
  };
  const query = (id: SubjectIdentity) => {
    if (id.email) return { kind: "email", value: id.email };
    if (id.mobile) return { kind: "phone", value: id.mobile };
    throw new DomainError("VALIDATION_FAILED", "the request has no identity to search by");
  };
  return {
    async stores() {
      return Object.keys(datasets);
    },
    async find(storeKey, identity) {
      const { conn, dataset } = await open(storeKey);
      try {
        const r = await findSubject(conn, dataset, query(identity));
        return { storeKey, tables: r.tables.map((t) => ({ table: t.table, rows: t.rows as Record<string, unknown>[] })) };
      } finally {
        await conn.close();
      }
    },
    async erase(storeKey, identity, opts) {
      const { conn, dataset } = await open(storeKey);
      try {
        const r = await eraseSubject(conn, dataset, query(identity), { dryRun: opts.dryRun, storeKey, hash: (v, place) => ctx.keyring.blindIndex(v, place) });
        return { storeKey, dryRun: r.dryRun, tables: r.tables.map((t) => ({ table: t.table, action: t.action, rows: t.rows })) };
      } finally {
        await conn.close();
      }
    },
    async correct(storeKey, identity, change) {
      const { conn, dataset } = await open(storeKey);
      try {
        const schema = await conn.introspect();
        const table = schema.tables.find((t) => t.name === change.table);
        if (!table?.columns.some((c) => c.name === change.column))
          throw new DomainError("VALIDATION_FAILED", "no such table and column in the store", { field: "column" });
        if (table.primaryKey.length === 0) throw new DomainError("VALIDATION_FAILED", "the table has no primary key; correct it by hand");
        const found = (await findSubject(conn, dataset, query(identity))).tables.find((t) => t.table === change.table);
        const rows = found?.rows ?? [];
        if (rows.length === 0) throw new DomainError("NOT_FOUND", "the subject has no rows in that table");
        const keys = rows.map((r) => Object.fromEntries(table.primaryKey.map((k) => [k, r[k] ?? null])));
        // One transaction: every row of the subject changes, or none does.
        await conn.transaction(async (tx) => {
          for (const key of keys) await tx.update(change.table, key, { [change.column]: change.value });
        });
        return {
          storeKey,
          table: change.table,
          column: change.column,
          rows: rows.length,
          before: rows.map((r) => r[change.column] ?? null),
          after: change.value,
        };
      } finally {
        await conn.close();
      }
    },
  };
}
