import { DomainError } from "@pipguard/core";
import { listProtectedColumns, type ProtectColumnResult, protectColumn } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { emit, fail, table } from "../output.js";
import { countBar } from "../progress.js";

interface ColumnOpts {
  store: string;
  table: string;
  column: string;
  scheme: string;
  batch: string;
  undo?: boolean;
  rekey?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

function describe(r: ProtectColumnResult): string {
  const what = `${r.store}: ${r.table}.${r.column} (${r.scheme})`;
  const type = r.typeChange ? `; type ${r.typeChange.from} → ${r.typeChange.to}` : "";
  if (r.action === "rekey") {
    if (r.dryRun)
      return `dry run — nothing changed. ${what}: ${r.changed} of ${r.rows} row(s) are under an older key and would be re-encrypted under ${r.keyId}`;
    if (r.status === "rekeying") return `stopped early (rekeying); run the same command again to resume. ${what}`;
    return `re-encrypted ${what}: ${r.changed} value(s) moved to key ${r.keyId}, ${r.scanned} row(s) checked; blind index unchanged`;
  }
  if (r.dryRun)
    return r.action === "protect"
      ? `dry run — nothing changed. ${what}: ${r.changed} of ${r.rows} row(s) would be encrypted; blind index column ${r.indexColumn}${type}`
      : `dry run — nothing changed. ${what}: ${r.changed} value(s) would be decrypted; ${r.indexColumn} dropped${type}`;
  if (r.status === "protecting" || r.status === "unprotecting" || r.status === "rekeying")
    return `stopped early (${r.status}); run the same command again to resume. ${what}`;
  return r.action === "protect"
    ? `protected ${what}: ${r.changed} value(s) encrypted, ${r.scanned} row(s) checked; blind index in ${r.indexColumn}${type}`
    : `unprotected ${what}: ${r.changed} value(s) decrypted; ${r.indexColumn} dropped${type}`;
}

/**
 * `pipguard protect column|list`: encrypt a column of an operator database in place (PIPL Art. 51,
 * GB/T 35273-2020 6.3), resumably, with a blind index; `--undo` reverses it. Runs in-process
 * against the catalog store's connection; the API starts the same work as a `protect.column` job.
 */
export function registerProtect(program: Command): void {
  const protect = program.command("protect").description("encrypt columns of your own databases in place / 数据库字段加密");
  protect
    .command("column")
    .description("encrypt a column in place (batches, resumable) with a blind index for lookups; --undo decrypts it back")
    .requiredOption("--store <key>", "catalog data store key")
    .requiredOption("--table <name>", "table")
    .requiredOption("--column <name>", "column (character data)")
    .requiredOption("--scheme <aes|sm4>", "aes = AES-256-GCM; sm4 = SM4-CTR + HMAC-SM3 (national algorithms)")
    .option("--batch <n>", "rows per transaction", "500")
    .option("--undo", "decrypt back, drop the blind index and restore the original type")
    .option("--rekey", "re-encrypt values under older data keys with the current one (after `pipguard keys rotate`)")
    .option("--dry-run", "show what would change; change nothing")
    .option("--json", "machine-readable output")
    .action(async (opts: ColumnOpts) => {
      try {
        if (opts.scheme !== "aes" && opts.scheme !== "sm4") {
          process.stderr.write("pipguard: --scheme must be aes or sm4\n");
          process.exitCode = 2;
          return;
        }
        const batch = Number(opts.batch);
        if (!Number.isInteger(batch) || batch < 1) throw new DomainError("VALIDATION_FAILED", "--batch must be a positive integer");
        // Ctrl-C stops after the current batch (its cursor saved); a second Ctrl-C kills at once.
        const stop = new AbortController();
        const onSigint = () => stop.abort();
        process.once("SIGINT", onSigint);
        const result = await withContext(async (ctx) => {
          let bar: ReturnType<typeof countBar> | undefined;
          try {
            return await protectColumn(
              ctx,
              {
                store: opts.store,
                table: opts.table,
                column: opts.column,
                scheme: opts.scheme as "aes" | "sm4",
                batch,
                undo: Boolean(opts.undo),
                rekey: Boolean(opts.rekey),
                dryRun: Boolean(opts.dryRun),
              },
              {
                signal: stop.signal,
                onProgress: (p) => {
                  bar ??= countBar(`${opts.undo ? "decrypting" : opts.rekey ? "re-encrypting" : "encrypting"} ${opts.table}.${opts.column}`, p.total);
                  bar.update(p.done);
                },
              },
            );
          } finally {
            bar?.done(); // ends the bar's line, also before an error message
          }
        }).finally(() => process.off("SIGINT", onSigint));
        emit(Boolean(opts.json), result, () => describe(result));
        if (!result.dryRun && (result.status === "protecting" || result.status === "unprotecting" || result.status === "rekeying")) process.exitCode = 1;
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  protect
    .command("list")
    .description("protected columns with their scheme, status and progress")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      try {
        const rows = await withContext((ctx) => listProtectedColumns(ctx));
        emit(Boolean(opts.json), rows, () =>
          table([
            ["STORE", "TABLE.COLUMN", "SCHEME", "KEY", "STATUS", "ROWS DONE", "BLIND INDEX", "ORIGINAL TYPE"],
            ...rows.map((r) => [
              r.store,
              `${r.table}.${r.column}`,
              r.scheme,
              r.keyId,
              r.status,
              String(r.rowsDone),
              r.indexColumn,
              r.originalType ?? "(unchanged)",
            ]),
          ]),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
