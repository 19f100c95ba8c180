/**
 * The connector interface: the only way pipguard touches an operator's database or files
 * (DESIGN.md, server/connectors). Identifiers are always quoted and values always parameterised.
 */
import type { CellValue, Row, SchemaModel, StoreKind } from "@pipguard/core";
import type { ScanQuery } from "./scan-sql.js";

/** Which rows to read: an identity value, or a set of key tuples. */
export type RowFilter = { kind: "eq"; column: string; value: string; caseInsensitive: boolean } | { kind: "in"; columns: string[]; tuples: CellValue[][] };

/** Rows read from one logical table; `partitions[i]` names the physical table of `rows[i]` where the store has partitions. */
export interface ReadResult {
  rows: Row[];
  partitions?: string[];
}

/** Writes inside one transaction; each matches rows by key (column → value). */
export interface ConnectorTx {
  /** Updates the row(s) matching `key`; returns the number of rows changed. */
  update(table: string, key: Row, set: Row): Promise<number>;
  /** Deletes the rows matching any of `keys`; returns the number deleted. */
  delete(table: string, keyColumns: string[], keys: Row[]): Promise<number>;
}

/** One open operator store. */
export interface Connector {
  readonly kind: StoreKind;
  /** Tables, columns, primary keys and foreign keys from the store's own catalog; partitions folded into their root. */
  introspect(): Promise<SchemaModel>;
  /** Reads rows of a logical table (a partitioned root reads every partition). */
  select(table: string, filter: RowFilter): Promise<ReadResult>;
  /** Reads one keyset page of a table (purpose-bound views); absent on stores that cannot page (files). */
  scan?(table: string, q: ScanQuery): Promise<Row[]>;
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back (store untouched) when it throws. */
  transaction<T>(fn: (tx: ConnectorTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
