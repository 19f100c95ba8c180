import { DomainError } from "@pipguard/core";
import { listProtectedColumns, reencryptAll } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { emit, fail, table } from "../output.js";
import { countBar } from "../progress.js";

const CIPHERS = { aes: "aes-256-gcm", sm4: "sm4-ctr-hmac-sm3" } as const;

/** `pipguard keys list|rotate`: data keys and re-encryption of everything pipguard stores. */
export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("encryption keys / 密钥: list, rotate and re-encrypt");
  keys
    .command("list")
    .description("list data keys (ids, algorithms, status — never key material)")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      try {
        const rows = await withContext((ctx) =>
          ctx.db.kysely.selectFrom("data_keys").select(["id", "algorithm", "status", "created_at"]).orderBy("created_at").execute(),
        );
        emit(Boolean(opts.json), rows, () =>
          table([["ID", "ALGORITHM", "STATUS", "CREATED"], ...rows.map((r) => [r.id, r.algorithm, r.status, r.created_at])]),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  keys
    .command("rotate")
    .description("make a new data key active and re-encrypt every stored value under it (resumable: run again after an interruption)")
    .option("--cipher <aes|sm4>", "algorithm of the new key (default: that of the current key)")
    .option("--resume", "do not create a new key; finish re-encrypting under the active one")
    .option("--batch <n>", "rows per transaction", "500")
    .option("--json", "machine-readable output")
    .action(async (opts: { cipher?: string; resume?: boolean; batch: string; json?: boolean }) => {
      try {
        if (opts.cipher !== undefined && !(opts.cipher in CIPHERS)) {
          process.stderr.write("pipguard: --cipher must be aes or sm4\n");
          process.exitCode = 2;
          return;
        }
        const batchSize = Number(opts.batch);
        if (!Number.isInteger(batchSize) || batchSize < 1) throw new DomainError("VALIDATION_FAILED", "--batch must be a positive integer");
        const result = await withContext(async (ctx) => {
          if (!opts.resume) await ctx.keyring.rotateDataKey(opts.cipher ? CIPHERS[opts.cipher as keyof typeof CIPHERS] : undefined);
          let bar: ReturnType<typeof countBar> | undefined;
          let current = "";
          const r = await reencryptAll({
            db: ctx.db,
            keyring: ctx.keyring,
            batchSize,
            onProgress: (p) => {
              if (p.column !== current) {
                bar?.done();
                current = p.column;
                bar = countBar(p.column, p.total);
              }
              bar?.update(p.done);
            },
          });
          bar?.done();
          // Operator columns protected in place are the operator's data, not pipguard's: they move to
          // the new key with `protect column --rekey`, column by column, when the operator chooses.
          const toRekey = [];
          for (const c of await listProtectedColumns(ctx))
            if (c.keyId !== ctx.keyring.currentKeyFor(c.scheme))
              toRekey.push({ store: c.store, table: c.table, column: c.column, scheme: c.scheme === "sm4-ctr-hmac-sm3" ? "sm4" : "aes", keyId: c.keyId });
          return { ...r, algorithm: ctx.keyring.active.algorithm, protectedColumnsToRekey: toRekey };
        });
        emit(Boolean(opts.json), result, () =>
          [
            `active key ${result.activeKey} (${result.algorithm}); re-encrypted ${result.rewritten} value(s)`,
            ...result.protectedColumnsToRekey.map(
              (c) =>
                `protected column ${c.store}: ${c.table}.${c.column} is still under key ${c.keyId}; move it with: pipguard protect column --store ${c.store} --table ${c.table} --column ${c.column} --scheme ${c.scheme} --rekey`,
            ),
          ].join("\n"),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
