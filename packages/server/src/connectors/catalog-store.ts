/**
 * Connectors for catalog data stores: the entry point the request workflow and the CLI call.
 * A store's dataset file is `--dataset FILE`, or by convention `<PIPGUARD_DATA_DIR>/datasets/<store key>.yaml`
 * (no table of its own: the file is the operator's reviewed configuration, kept beside the data).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DomainError, type SubjectDataset } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import type { AppContext } from "../context.js";
import { readDatasetFile } from "./dataset-file.js";
import { openStoreConnector } from "./protected-reads.js";
import { type ErasureReport, eraseSubject, findSubject, type SubjectFindResult, type SubjectQuery } from "./subject.js";
import type { Connector } from "./types.js";

/** An open catalog store with its dataset and the keyed hash for anonymisation. */
export interface OpenedStore {
  storeKey: string;
  conn: Connector;
  dataset: SubjectDataset;
  /** HMAC under pipguard's blind-index key (ctx.keyring); never reversible, stable per store/column. */
  hash: (value: string, place: string) => string;
}

/** Where a store's dataset file lives when none is given: `<data dir>/datasets/<key>.yaml`. */
export function defaultDatasetPath(ctx: AppContext, storeKey: string): string {
  return join(ctx.config.dataDir, "datasets", `${storeKey}.yaml`);
}

/** Opens the catalog store with key `storeKey` (connection decrypted here, never logged or returned). */
export async function openCatalogStore(ctx: AppContext, storeKey: string, opts: { datasetPath?: string } = {}): Promise<OpenedStore> {
  const svc = catalogService(ctx);
  const store = (await svc.listStores()).find((s) => s.key === storeKey);
  if (!store) throw new DomainError("NOT_FOUND", "no data store with that key in the catalog");
  const path = opts.datasetPath ?? defaultDatasetPath(ctx, store.key);
  if (!opts.datasetPath && !existsSync(path))
    throw new DomainError("NOT_FOUND", "the data store has no dataset file (pass --dataset or put it in <data dir>/datasets/<store key>.yaml)");
  const dataset = readDatasetFile(path);
  const connection = await svc.revealConnection(store.id);
  if (!connection) throw new DomainError("VALIDATION_FAILED", "the data store has no connection string; set one in the catalog");
  return { storeKey: store.key, conn: await openStoreConnector(ctx, store, connection), dataset, hash: (v, place) => ctx.keyring.blindIndex(v, place) };
}

/** Input of the store-level use cases. */
export interface StoreSubjectInput {
  store: string;
  subject: SubjectQuery;
  datasetPath?: string;
}

/** Every row of the subject in one catalog store (access / copy / portability requests). */
export async function findSubjectInStore(ctx: AppContext, input: StoreSubjectInput): Promise<SubjectFindResult> {
  const s = await openCatalogStore(ctx, input.store, input.datasetPath ? { datasetPath: input.datasetPath } : {});
  try {
    return await findSubject(s.conn, s.dataset, input.subject);
  } finally {
    await s.conn.close();
  }
}

/** Erases the subject in one catalog store in one transaction (deletion / account-deletion requests); safe to re-run. */
export async function eraseSubjectInStore(ctx: AppContext, input: StoreSubjectInput & { dryRun?: boolean }): Promise<ErasureReport> {
  const s = await openCatalogStore(ctx, input.store, input.datasetPath ? { datasetPath: input.datasetPath } : {});
  try {
    return await eraseSubject(s.conn, s.dataset, input.subject, { dryRun: Boolean(input.dryRun), storeKey: s.storeKey, hash: s.hash });
  } finally {
    await s.conn.close();
  }
}
