import { PERMISSIONS, type Permission } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { emit, fail, table } from "../output.js";

/** `pipguard apikey create|list|revoke`. */
export function registerApiKey(program: Command): void {
  const cmd = program.command("apikey").description("API keys / API 密钥");
  cmd
    .command("create")
    .description("create an API key; the secret is printed once")
    .requiredOption("--name <name>", "what the key is for")
    .requiredOption("--scopes <list>", `comma-separated: ${PERMISSIONS.join(", ")}`)
    .option("--json", "machine-readable output")
    .action(async (opts: { name: string; scopes: string; json?: boolean }) => {
      const scopes = opts.scopes
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = scopes.filter((s) => !(PERMISSIONS as readonly string[]).includes(s));
      if (unknown.length > 0 || scopes.length === 0) {
        process.stderr.write(`pipguard: unknown scope(s): ${unknown.join(", ") || "(none given)"}; choose from ${PERMISSIONS.join(", ")}\n`);
        process.exitCode = 2;
        return;
      }
      try {
        const r = await withContext((ctx) => ctx.auth.createApiKey({ name: opts.name, scopes: scopes as Permission[], createdBy: "cli" }));
        emit(Boolean(opts.json), r, () => `${r.secret}\n(key ${r.key.id}; store the secret now — it is not shown again)`);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  cmd
    .command("list")
    .description("list API keys")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      try {
        const keys = await withContext((ctx) => ctx.auth.repo.listApiKeys());
        emit(Boolean(opts.json), keys, () =>
          table([["ID", "NAME", "SCOPES", "CREATED", "REVOKED"], ...keys.map((k) => [k.id, k.name, k.scopes.join(","), k.createdAt, k.revokedAt ?? "-"])]),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  cmd
    .command("revoke <id>")
    .description("revoke an API key")
    .option("--json", "machine-readable output")
    .action(async (id: string, opts: { json?: boolean }) => {
      try {
        await withContext((ctx) => ctx.auth.revokeApiKey(id));
        emit(Boolean(opts.json), { id, revoked: true }, () => `revoked ${id}`);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
