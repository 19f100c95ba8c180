import { isDomainError } from "@pipguard/core";
import { z } from "zod";
import { protectColumn } from "../../protect/protect-column.js";
import { defineHandler } from "../handler.js";
import { PermanentJobError } from "../job.js";

const ident = z.string().min(1).max(128);

/**
 * Protects (with `undo` unprotects, with `rekey` re-encrypts under the current key) an operator column in the background — the API's way to
 * start `pipguard protect column`. The payload names the column, never a value. Resumable: the run
 * stops after the current batch when the lease is lost, and the next attempt continues from the
 * cursor saved in `protected_columns`; an attempt that ends early (signal) throws so it is retried.
 */
export const protectColumnJob = defineHandler({
  type: "protect.column",
  description: "encrypt (with undo decrypt, with rekey re-encrypt under the current key) a column of a catalog data store in place, in batches",
  payload: z.strictObject({
    store: ident,
    table: ident,
    column: ident,
    scheme: z.enum(["aes", "sm4"]),
    batch: z.number().int().min(1).max(100_000).default(500),
    undo: z.boolean().default(false),
    rekey: z.boolean().default(false),
  }),
  maxAttempts: 10,
  async run(p, { ctx, signal, logger }) {
    const r = await protectColumn(ctx, { ...p }, { signal }).catch((e) => {
      // Bad input, a column that cannot be protected, tampered data: retrying will not help.
      if (isDomainError(e) && e.code !== "SERVICE_UNAVAILABLE") throw new PermanentJobError(`${e.code}: ${e.message}`);
      throw e;
    });
    logger.info({ table: r.table, column: r.column, status: r.status, changed: r.changed, scanned: r.scanned }, "protect column run ended");
    if (r.status === "protecting" || r.status === "unprotecting" || r.status === "rekeying")
      throw new Error("stopped before the end of the table; the next attempt resumes");
  },
});
