import { DomainError } from "@pipguard/core";
import { sql } from "kysely";
import type { Db } from "../storage/db.js";
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from "./encrypted-columns.js";
import type { Keyring } from "./keyring.js";

export interface ReencryptProgress {
  column: string;
  done: number;
  total: number;
}

export interface ReencryptResult {
  activeKey: string;
  rewritten: number;
  columns: { column: string; rewritten: number }[];
}

/**
 * Re-encrypts every stored value that is not under the active data key, in batches. Resumable by
 * construction: a value already under the active key is skipped, so an interrupted run simply
 * continues; each row is written only if it still holds the value read (a concurrent change wins).
 */
export async function reencryptAll(opts: {
  db: Db;
  keyring: Keyring;
  batchSize?: number;
  columns?: EncryptedColumn[];
  onProgress?: (p: ReencryptProgress) => void;
}): Promise<ReencryptResult> {
  const { db, keyring } = opts;
  const batch = opts.batchSize ?? 500;
  const active = keyring.active.id;
  const prefix = `pg1:${active}:%`;
  const result: ReencryptResult = { activeKey: active, rewritten: 0, columns: [] };
  for (const col of opts.columns ?? ENCRYPTED_COLUMNS) {
    const name = `${col.table}.${col.column}`;
    const stale = sql`${sql.ref(col.column)} is not null and ${sql.ref(col.column)} not like ${prefix}`;
    const count = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(col.table)} where ${stale}`.execute(db.kysely);
    const total = Number(count.rows[0]?.n ?? 0);
    let done = 0;
    opts.onProgress?.({ column: name, done, total });
    const cols = [col.id, col.column, ...(col.with ?? [])].map((c) => sql.ref(c));
    for (;;) {
      const rows = await sql<
        Record<string, unknown>
      >`select ${sql.join(cols)} from ${sql.table(col.table)} where ${stale} order by ${sql.ref(col.id)} limit ${batch}`.execute(db.kysely);
      if (rows.rows.length === 0) break;
      await db.kysely.transaction().execute(async (trx) => {
        for (const row of rows.rows) {
          const old = String(row[col.column]);
          const place = col.place(row);
          let fresh: string;
          try {
            fresh = keyring.encrypt(keyring.decrypt(old, place), place);
          } catch {
            // Stop rather than skip: a value that does not decrypt needs a person to look at it.
            throw new DomainError("INTERNAL", `cannot re-encrypt ${name} of row ${String(row[col.id])}: it does not decrypt (tampered, or a wrong place)`);
          }
          await sql`update ${sql.table(col.table)} set ${sql.ref(col.column)} = ${fresh} where ${sql.ref(col.id)} = ${row[col.id]} and ${sql.ref(col.column)} = ${old}`.execute(
            trx,
          );
        }
      });
      done += rows.rows.length;
      opts.onProgress?.({ column: name, done: Math.min(done, total), total });
    }
    result.columns.push({ column: name, rewritten: done });
    result.rewritten += done;
  }
  return result;
}
