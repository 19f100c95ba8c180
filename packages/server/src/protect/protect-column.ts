/**
 * `pipguard protect column`: encrypts an existing column of an operator's PostgreSQL, MySQL/MariaDB
 * or SQLite table in place — PIPL Art. 51(3) (encryption as a security technical measure) and
 * GB/T 35273-2020 6.3 (storing personal information, and sensitive PI, encrypted) — and `--undo`
 * reverses it, and `--rekey` re-encrypts it under the current data key after `pipguard keys rotate`
 * (GB/T 39786-2021 key life cycle: values under a retired key are moved off it).
 *
 * Shape of a run: check the column; record it in `protected_columns` (before touching the store, so
 * a crash always leaves a row to resume from); widen the column where the engine enforces lengths;
 * add the blind-index column; then rows in primary-key order, one transaction per batch, each row
 * written only if it still holds the value read. The cursor (last key of the batch) is saved after
 * the batch commits; a batch replayed after a crash finds its rows already encrypted and skips them,
 * so a killed run continues where it stopped and a finished one re-run changes nothing (it sweeps
 * for plaintext an application wrote meanwhile, and encrypts only that).
 */
import { type CellValue, DomainError } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { type ColumnShape, type ColumnSql, openColumnSql } from "../connectors/column-sql.js";
import type { AppContext } from "../context.js";
import type { CipherAlgorithm } from "../crypto/cipher-suites.js";
import { blindIndexOf, ciphertextLength, indexColumnOf, isProtectedValue, openValue, placeOf, SCHEMES, type SchemeName } from "./column-cipher.js";
import { type ProtectedColumn, ProtectedColumnRepo, type ProtectStatus } from "./protected-columns-repo.js";

/** Input of a protect or undo run. */
export interface ProtectColumnInput {
  store: string;
  table: string;
  column: string;
  scheme: SchemeName;
  /** Rows per transaction (default 500). */
  batch?: number;
  undo?: boolean;
  /** Re-encrypt values under older data keys with the current one (after `keys rotate`). */
  rekey?: boolean;
  dryRun?: boolean;
}

/** Progress of a run, after each batch. */
export interface ProtectProgress {
  done: number;
  total: number;
}

/** What a run did (or, with dryRun, would do). */
export interface ProtectColumnResult {
  store: string;
  table: string;
  column: string;
  scheme: CipherAlgorithm;
  action: "protect" | "undo" | "rekey";
  dryRun: boolean;
  /** protected | protecting / unprotecting / rekeying (stopped early; run again to resume) | unprotected; a dry run: the current state. */
  status: "protected" | "protecting" | "unprotecting" | "rekeying" | "unprotected";
  indexColumn: string;
  keyId: string | null;
  /** Type change: protect widens, undo restores. */
  typeChange: { from: string; to: string } | null;
  rows: number;
  /** Values encrypted (protect), decrypted (undo) or re-encrypted (rekey) by this run; with dryRun, those that would be. */
  changed: number;
  /** Rows visited by this run. */
  scanned: number;
}

export interface RunOptions {
  onProgress?: (p: ProtectProgress) => void;
  /** Stops after the current batch (a job losing its lease, a test simulating a kill). */
  signal?: AbortSignal;
}

const UTF8_MAX_BYTES_PER_CHAR = 4;
/** InnoDB's largest index key on utf8mb4 VARCHAR is 3072 bytes = 768 characters. */
const MYSQL_VARCHAR_MAX = 16_383;

/** The type a column needs to hold ciphertext of its longest declared value, or null when it can already. */
export function widenedType(engine: ColumnSql["engine"], shape: ColumnShape, scheme: CipherAlgorithm): string | null {
  if (engine === "sqlite") return null; // declared lengths are not enforced
  if (engine === "postgres") return shape.maxLength === null && /^text$|^character varying$/.test(shape.type) ? null : "text";
  const base = shape.type.toLowerCase().replace(/\(.*$/, "");
  if (base !== "varchar" && base !== "char") return null; // TEXT types hold 64 KiB and more
  const need = ciphertextLength(scheme, (shape.maxLength ?? 255) * UTF8_MAX_BYTES_PER_CHAR);
  if (need > MYSQL_VARCHAR_MAX) return "text";
  return `varchar(${Math.max(need, shape.maxLength ?? 0)})`;
}

/** Turns a driver error into a DomainError that quotes no value. */
function storeFailure(e: unknown): DomainError {
  if (e instanceof DomainError) return e;
  const code = String((e as { code?: unknown })?.code ?? "unknown");
  // Data, constraint and definition errors need a person; lock waits, deadlocks and connections are retried.
  const retryable = /^ER_(LOCK_|CON_COUNT|TOO_MANY|SERVER_SHUTDOWN|QUERY_INTERRUPTED)/.test(code) || code === "SQLITE_BUSY";
  const refused = !retryable && (/^(22|23|0A|42)/.test(code) || code.startsWith("SQLITE_CONSTRAINT") || /^ER_/.test(code));
  return new DomainError(
    refused ? "CONFLICT" : "SERVICE_UNAVAILABLE",
    refused
      ? `the store refused the change (${code}): a constraint, trigger or value length on the column — see docs/connectors.md, Protected columns`
      : `the store could not be reached or timed out (${code}); run the command again to resume`,
    { driverCode: code },
  );
}

/** Protects a column in place, or with `undo` restores it; resumable. */
export async function protectColumn(ctx: AppContext, input: ProtectColumnInput, opts: RunOptions = {}): Promise<ProtectColumnResult> {
  const scheme = SCHEMES[input.scheme];
  if (!scheme) throw new DomainError("VALIDATION_FAILED", "--scheme must be aes or sm4", { field: "scheme" });
  const batch = input.batch ?? 500;
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000)
    throw new DomainError("VALIDATION_FAILED", "--batch must be an integer from 1 to 100000", { field: "batch" });
  const svc = catalogService(ctx);
  const store = (await svc.listStores()).find((s) => s.key === input.store);
  if (!store) throw new DomainError("NOT_FOUND", "no data store with that key in the catalog", { field: "store" });
  if (store.kind === "file") throw new DomainError("COLUMN_NOT_PROTECTABLE", "columns of file stores (CSV/JSONL) cannot be protected in place");
  const connection = await svc.revealConnection(store.id);
  if (!connection) throw new DomainError("NOT_CONFIGURED", "the data store has no connection string; set one in the catalog");
  const repo = new ProtectedColumnRepo(ctx.db);
  const sql = openColumnSql(store.kind, connection);
  try {
    const state = await repo.get(store.id, input.table, input.column);
    if (state && state.scheme !== scheme)
      throw new DomainError("CONFLICT", `the column is already protected with ${state.scheme}; undo it first to change the scheme`, { scheme: state.scheme });
    const described = await sql.describe(input.table, input.column).catch((e) => {
      throw storeFailure(e);
    });
    if (!described) throw new DomainError("NOT_FOUND", `no table ${input.table} in the store`, { field: "table" });
    const shape = described.column;
    if (!shape) throw new DomainError("NOT_FOUND", `no column ${input.column} in table ${input.table}`, { field: "column" });
    const run = { ctx, sql, repo, input, scheme, batch, shape, opts, storeId: store.id, storeKey: store.key };
    if (input.undo && input.rekey) throw new DomainError("VALIDATION_FAILED", "--undo and --rekey cannot be combined", { field: "rekey" });
    if (input.rekey) {
      if (!state) throw new DomainError("NOT_FOUND", "the column is not protected", { field: "column" });
      if (state.status !== "protected" && state.status !== "rekeying")
        throw new DomainError("CONFLICT", `the column is ${state.status}; finish that run first (run the same command again), then rekey`, {
          status: state.status,
        });
      return await rekey(run, state);
    }
    if (input.undo) {
      if (!state) throw new DomainError("NOT_FOUND", "the column is not protected", { field: "column" });
      return await undo(run, state);
    }
    return await protect(run, state, described.columns);
  } finally {
    await sql.close();
  }
}

interface Run {
  ctx: AppContext;
  sql: ColumnSql;
  repo: ProtectedColumnRepo;
  input: ProtectColumnInput;
  scheme: CipherAlgorithm;
  batch: number;
  shape: ColumnShape;
  opts: RunOptions;
  storeId: string;
}

function checkProtectable(r: Run, state: ProtectedColumn | undefined, columns: string[]): void {
  const { shape, input } = r;
  if (shape.primaryKey.length === 0)
    throw new DomainError("COLUMN_NOT_PROTECTABLE", `table ${input.table} has no primary key; rows cannot be updated one by one and resumed`);
  if (shape.inKey && !state)
    throw new DomainError("COLUMN_NOT_PROTECTABLE", "the column is part of a primary, unique or foreign key; ciphertext would break the key");
  if (!shape.textual && !state) throw new DomainError("COLUMN_NOT_PROTECTABLE", `only character columns can be protected (the column is ${shape.type})`);
  if (!state && columns.includes(indexColumnOf(input.column)))
    throw new DomainError("CONFLICT", `the table already has a column ${indexColumnOf(input.column)}; pipguard would add its blind index there`);
  const to = widenedType(r.sql.engine, shape, r.scheme);
  if (!state && to && shape.dependentViews.length > 0)
    throw new DomainError(
      "COLUMN_NOT_PROTECTABLE",
      `PostgreSQL cannot widen a column that views depend on (${shape.dependentViews.join(", ")}); change its type to text yourself (drop and recreate those views around ALTER TABLE … TYPE text) and run again`,
      { views: shape.dependentViews },
    );
}

const indexName = (table: string, column: string) => `${table}_${column}_bidx`.slice(0, 60);

async function protect(r: Run, existing: ProtectedColumn | undefined, columns: string[]): Promise<ProtectColumnResult> {
  const { ctx, sql, repo, input, scheme, shape } = r;
  checkProtectable(r, existing, columns);
  const to = existing ? null : widenedType(sql.engine, shape, scheme);
  const indexColumn = indexColumnOf(input.column);
  const base = { store: input.store, table: input.table, column: input.column, scheme, action: "protect" as const, indexColumn };
  if (input.dryRun) {
    const c = await sql.counts(input.table, input.column).catch((e) => {
      throw storeFailure(e);
    });
    return {
      ...base,
      dryRun: true,
      status: existing?.status ?? "unprotected", // a dry run reports the current state
      keyId: existing?.keyId ?? null,
      typeChange: to ? { from: shape.type, to } : null,
      rows: c.rows,
      changed: c.rows - c.nulls - c.protectedValues,
      scanned: 0,
    };
  }
  const now = () => ctx.clock.now().toISOString();
  let state = existing;
  if (!state) {
    state = {
      id: ctx.ids.next(),
      storeId: r.storeId,
      table: input.table,
      column: input.column,
      scheme,
      keyId: await ctx.keyring.keyFor(scheme),
      indexColumn,
      originalType: to ? shape.type : null,
      maxLength: shape.maxLength,
      status: "protecting",
      cursor: null,
      rowsDone: 0,
      createdAt: now(),
      updatedAt: now(),
    };
    await repo.insert(state);
  } else state = await enterPass(r, state, "protecting"); // a finished (or undone-halfway) column: a new pass
  // Idempotent schema steps: a resumed run finds them done.
  try {
    const target = state.originalType ? widenedType(sql.engine, { ...shape, type: state.originalType, maxLength: state.maxLength }, scheme) : null;
    if (target && shape.type.toLowerCase() !== target) await sql.setType(input.table, input.column, target, shape.attributes);
    await sql.addIndexColumn(input.table, indexColumn, indexName(input.table, input.column));
  } catch (e) {
    throw storeFailure(e);
  }
  const place = placeOf(input.table, input.column);
  const keyId = state.keyId;
  const pass = await eachBatch(r, state, [input.column], (row) => {
    const v = row[input.column];
    if (v === null || v === undefined || isProtectedValue(v)) return undefined;
    if (typeof v !== "string")
      throw new DomainError("COLUMN_NOT_PROTECTABLE", "the column holds a value that is not text (a number or binary); protect only character data");
    return { old: v, set: { [input.column]: ctx.keyring.encrypt(v, place, keyId), [indexColumn]: blindIndexOf(ctx.keyring, scheme, place, v) } };
  });
  const finished = !pass.stopped;
  if (finished) await repo.progress(state.id, { status: "protected", cursor: null, rowsDone: pass.rowsDone, now: now() });
  return {
    ...base,
    dryRun: false,
    status: finished ? "protected" : "protecting",
    keyId,
    typeChange: existing || !to ? null : { from: shape.type, to },
    rows: pass.total,
    changed: pass.changed,
    scanned: pass.scanned,
  };
}

async function undo(r: Run, existing: ProtectedColumn): Promise<ProtectColumnResult> {
  const { ctx, sql, repo, input, scheme, shape } = r;
  const base = { store: input.store, table: input.table, column: input.column, scheme, action: "undo" as const, indexColumn: existing.indexColumn };
  const typeChange = existing.originalType ? { from: shape.type, to: existing.originalType } : null;
  if (input.dryRun) {
    const c = await sql.counts(input.table, input.column);
    return { ...base, dryRun: true, status: existing.status, keyId: existing.keyId, typeChange, rows: c.rows, changed: c.protectedValues, scanned: 0 };
  }
  const state = await enterPass(r, existing, "unprotecting");
  const pass = await eachBatch(r, state, [input.column], (row) => {
    const v = row[input.column];
    if (!isProtectedValue(v)) return undefined;
    return { old: v, set: { [input.column]: openValue(ctx.keyring, v, input.table, input.column) } };
  });
  if (pass.stopped)
    return {
      ...base,
      dryRun: false,
      status: "unprotecting",
      keyId: state.keyId,
      typeChange: null,
      rows: pass.total,
      changed: pass.changed,
      scanned: pass.scanned,
    };
  try {
    await sql.dropIndexColumn(input.table, state.indexColumn, indexName(input.table, input.column));
    // The restore refuses (never truncates) a value longer than the original type allows.
    if (state.originalType) await sql.setType(input.table, input.column, state.originalType, shape.attributes);
  } catch (e) {
    throw storeFailure(e);
  }
  await repo.remove(state.id);
  return { ...base, dryRun: false, status: "unprotected", keyId: state.keyId, typeChange, rows: pass.total, changed: pass.changed, scanned: pass.scanned };
}

/**
 * Re-encrypts the values of a protected column that are under another data key than the current one
 * for its scheme (after `pipguard keys rotate`), in batches, resumable like protect: each value is
 * decrypted (a tampered one stops the run with DECRYPTION_FAILED) and sealed again under the new key;
 * the blind index does not change (its key is fixed for the life of the database). Readers see
 * plaintext throughout, since every value names its key. At the end the column's key is the new one.
 */
async function rekey(r: Run, existing: ProtectedColumn): Promise<ProtectColumnResult> {
  const { ctx, sql, repo, input, scheme } = r;
  const keyId = await ctx.keyring.keyFor(scheme);
  const base = { store: input.store, table: input.table, column: input.column, scheme, action: "rekey" as const, indexColumn: existing.indexColumn };
  const place = placeOf(input.table, input.column);
  const stale = (v: unknown): v is string => isProtectedValue(v) && ctx.keyring.keyIdOf(v) !== keyId;
  if (input.dryRun) {
    let cursor: CellValue[] | null = null;
    let rows = 0;
    let changed = 0;
    for (;;) {
      const batch = await sql.readBatch(input.table, r.shape.primaryKey, [input.column], cursor, r.batch).catch((e) => {
        throw storeFailure(e);
      });
      if (batch.length === 0) break;
      rows += batch.length;
      for (const row of batch) if (stale(row[input.column])) changed++;
      const last = batch[batch.length - 1] as Record<string, unknown>;
      cursor = r.shape.primaryKey.map((k) => last[k] as CellValue);
    }
    return { ...base, dryRun: true, status: existing.status as "protected" | "rekeying", keyId, typeChange: null, rows, changed, scanned: rows };
  }
  const now = () => ctx.clock.now().toISOString();
  const state = await enterPass(r, existing, "rekeying");
  const pass = await eachBatch(r, state, [input.column], (row) => {
    const v = row[input.column];
    if (!stale(v)) return undefined;
    return { old: v, set: { [input.column]: ctx.keyring.encrypt(openValue(ctx.keyring, v, input.table, input.column), place, keyId) } };
  });
  if (!pass.stopped) await repo.progress(state.id, { status: "protected", cursor: null, rowsDone: pass.rowsDone, now: now(), keyId });
  return {
    ...base,
    dryRun: false,
    status: pass.stopped ? "rekeying" : "protected",
    keyId,
    typeChange: null,
    rows: pass.total,
    changed: pass.changed,
    scanned: pass.scanned,
  };
}

/** Starts a pass of `status` from the first row, unless one is under way (it resumes from its cursor). */
async function enterPass(r: Run, state: ProtectedColumn, status: ProtectStatus): Promise<ProtectedColumn> {
  if (state.status === status) return state;
  await r.repo.progress(state.id, { status, cursor: null, rowsDone: 0, now: r.ctx.clock.now().toISOString() });
  return { ...state, status, cursor: null, rowsDone: 0 };
}

/** Walks the table from the saved cursor in key order, one transaction per batch, saving the cursor after each. */
async function eachBatch(
  r: Run,
  state: ProtectedColumn,
  columns: string[],
  change: (row: Record<string, unknown>) => { old: string; set: Record<string, CellValue> } | undefined,
): Promise<{ stopped: boolean; changed: number; scanned: number; rowsDone: number; total: number }> {
  const { sql, repo, input, shape, ctx } = r;
  const key = shape.primaryKey;
  const total = (
    await sql.counts(input.table, input.column).catch((e) => {
      throw storeFailure(e);
    })
  ).rows;
  let cursor = state.cursor;
  let rowsDone = state.rowsDone;
  let changed = 0;
  let scanned = 0;
  r.opts.onProgress?.({ done: rowsDone, total });
  for (;;) {
    if (r.opts.signal?.aborted) return { stopped: true, changed, scanned, rowsDone, total };
    const rows = await sql.readBatch(input.table, key, columns, cursor, r.batch).catch((e) => {
      throw storeFailure(e);
    });
    if (rows.length === 0) return { stopped: false, changed, scanned, rowsDone, total };
    const changes = [];
    for (const row of rows) {
      const c = change(row);
      if (c) changes.push({ key: key.map((k) => row[k] as CellValue), ...c });
    }
    if (changes.length > 0)
      changed += await sql.writeBatch(input.table, key, input.column, changes).catch((e) => {
        throw storeFailure(e);
      });
    const last = rows[rows.length - 1] as Record<string, unknown>;
    cursor = key.map((k) => last[k] as CellValue);
    rowsDone += rows.length;
    scanned += rows.length;
    await repo.progress(state.id, { status: state.status, cursor, rowsDone, now: ctx.clock.now().toISOString() });
    r.opts.onProgress?.({ done: Math.min(rowsDone, total), total });
  }
}

/** Every protected column of the catalog, with its store key (the API and `protect list`). */
export async function listProtectedColumns(ctx: AppContext): Promise<(ProtectedColumn & { store: string })[]> {
  const stores = new Map((await catalogService(ctx).listStores()).map((s) => [s.id, s.key]));
  return (await new ProtectedColumnRepo(ctx.db).list()).map((c) => ({ ...c, store: stores.get(c.storeId) ?? c.storeId }));
}
