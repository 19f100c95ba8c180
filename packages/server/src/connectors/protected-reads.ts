/**
 * Transparent reads of protected columns (`pipguard protect column`): a Connector that decrypts
 * protected cells, finds identities through the blind index, encrypts what an erasure or a
 * correction writes, and hides the blind-index columns. Rights requests (find, export, erasure,
 * correction) go through it without knowing a column is protected.
 */
import { type CellValue, DomainError, type Row, type SchemaModel, type StoreKind } from "@pipguard/core";
import type { AppContext } from "../context.js";
import type { Keyring } from "../crypto/keyring.js";
import { blindIndexOf, isProtectedValue, openValue, placeOf } from "../protect/column-cipher.js";
import { type ProtectedColumn, ProtectedColumnRepo } from "../protect/protected-columns-repo.js";
import { openConnector } from "./open.js";
import type { ScanQuery } from "./scan-sql.js";
import type { Connector, ConnectorTx, ReadResult, RowFilter } from "./types.js";

/** Opens a catalog store's connector, wrapped when some of its columns are protected. */
export async function openStoreConnector(ctx: AppContext, store: { id: string; kind: StoreKind }, connection: string): Promise<Connector> {
  const inner = openConnector(store.kind, connection);
  if (store.kind === "file") return inner;
  const cols = await new ProtectedColumnRepo(ctx.db).list(store.id);
  return cols.length === 0 ? inner : withProtectedColumns(inner, cols, ctx.keyring);
}

/** Wraps a connector so the given protected columns read as plaintext and write as ciphertext. */
export function withProtectedColumns(inner: Connector, columns: ProtectedColumn[], keyring: Keyring): Connector {
  const byTable = new Map<string, ProtectedColumn[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);

  const decryptRow = (table: string, row: Row): Row => {
    const cols = byTable.get(table);
    if (!cols) return row;
    const out: Row = { ...row };
    for (const c of cols) {
      const v = out[c.column];
      if (isProtectedValue(v)) out[c.column] = openValue(keyring, v, table, c.column);
      delete out[c.indexColumn];
    }
    return out;
  };
  const decrypt = (table: string, r: ReadResult, keep: (row: Row) => boolean = () => true): ReadResult => {
    const out: ReadResult = { rows: [], ...(r.partitions ? { partitions: [] } : {}) };
    r.rows.forEach((row, i) => {
      const plain = decryptRow(table, row);
      if (!keep(plain)) return;
      out.rows.push(plain);
      if (r.partitions) out.partitions?.push(r.partitions[i] as string);
    });
    return out;
  };
  const merge = (a: ReadResult, b: ReadResult): ReadResult => ({
    rows: [...a.rows, ...b.rows],
    ...(a.partitions || b.partitions ? { partitions: [...(a.partitions ?? []), ...(b.partitions ?? [])] } : {}),
  });

  return {
    kind: inner.kind,
    async introspect(): Promise<SchemaModel> {
      const model = await inner.introspect();
      return {
        ...model,
        tables: model.tables.map((t) => {
          const cols = byTable.get(t.name);
          if (!cols) return t;
          const hidden = new Set(cols.map((c) => c.indexColumn));
          // The declared length before widening: what an anonymised value must still fit after undo.
          const length = new Map(cols.map((c) => [c.column, c.maxLength]));
          return {
            ...t,
            columns: t.columns.filter((c) => !hidden.has(c.name)).map((c) => (length.has(c.name) ? { ...c, maxLength: length.get(c.name) ?? null } : c)),
          };
        }),
      };
    },
    async select(table: string, filter: RowFilter): Promise<ReadResult> {
      const col = filter.kind === "eq" ? byTable.get(table)?.find((c) => c.column === filter.column) : undefined;
      if (!col || filter.kind !== "eq") return decrypt(table, await inner.select(table, filter));
      // An identity lookup on a protected column: candidates by blind index (lower-cased value),
      // checked after decryption; while a run is under way, plaintext rows are matched as before.
      const h = blindIndexOf(keyring, col.scheme, placeOf(table, col.column), filter.value);
      const wanted = filter.caseInsensitive ? filter.value.toLowerCase() : filter.value;
      const byIndex = decrypt(table, await inner.select(table, { kind: "eq", column: col.indexColumn, value: h, caseInsensitive: false }), (row) => {
        const v = row[col.column];
        return typeof v === "string" && (filter.caseInsensitive ? v.toLowerCase() : v) === wanted;
      });
      if (col.status === "protected") return byIndex;
      return merge(byIndex, decrypt(table, await inner.select(table, filter)));
    },
    ...(inner.scan
      ? {
          // Contractor views page through a table: protected cells come back decrypted (and are then
          // masked per the view). A row filter cannot compare ciphertext, so it may not name a protected column.
          async scan(table: string, q: ScanQuery): Promise<Row[]> {
            const cols = byTable.get(table) ?? [];
            const onProtected = q.where.find((w) => cols.some((c) => c.column === w.column && !["is_null", "not_null"].includes(w.op)));
            if (onProtected) {
              throw new DomainError("VALIDATION_FAILED", "a view's row filter cannot compare a protected (encrypted) column", { column: onProtected.column });
            }
            const rows = await inner.scan!(table, q);
            return cols.length === 0 ? rows : rows.map((r) => decryptRow(table, r));
          },
        }
      : {}),
    async transaction<T>(fn: (tx: ConnectorTx) => Promise<T>): Promise<T> {
      return inner.transaction((tx) =>
        fn({
          update: (table, key, set) => tx.update(table, key, encryptSet(table, set)),
          delete: (table, keyColumns, keys) => tx.delete(table, keyColumns, keys),
        }),
      );
    },
    close: () => inner.close(),
  };

  /** Values written to a protected column (an erasure's anonymised value, a correction) are encrypted with their blind index. */
  function encryptSet(table: string, set: Row): Row {
    const out: Row = { ...set };
    for (const c of byTable.get(table) ?? []) {
      if (!(c.column in set)) continue;
      const v: CellValue = set[c.column] ?? null;
      if (v === null) {
        out[c.indexColumn] = null;
        continue;
      }
      if (typeof v !== "string") throw new DomainError("VALIDATION_FAILED", "a protected column takes text values only", { field: c.column });
      const place = placeOf(table, c.column);
      out[c.column] = keyring.encrypt(v, place, c.keyId);
      out[c.indexColumn] = blindIndexOf(keyring, c.scheme, place, v);
    }
    return out;
  }
}
