import { randomBytes } from "node:crypto";
import { DomainError } from "@pipguard/core";
import type { Kysely } from "kysely";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";

export const PACKAGE_PLACE = "request_exports.package";
/** How long a download link works. */
export const EXPORT_TTL_DAYS = 7;

/** Stores an export package encrypted and returns the one-time-shown download token and its link. */
export async function storeExport(ctx: AppContext, trx: Kysely<Database>, requestId: string, zip: Uint8Array): Promise<{ link: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + EXPORT_TTL_DAYS * 86_400_000).toISOString();
  await trx
    .insertInto("request_exports")
    .values({
      id: ctx.ids.next(),
      request_id: requestId,
      token_hash: ctx.keyring.blindIndex(token, "request_exports.token"),
      package_ciphertext: ctx.keyring.encrypt(Buffer.from(zip).toString("base64"), PACKAGE_PLACE),
      bytes: zip.byteLength,
      expires_at: expiresAt,
      downloads: 0,
      created_at: now.toISOString(),
    })
    .execute();
  const base = (ctx.config.publicUrl ?? "").replace(/\/$/, "");
  return { link: `${base}/api/v1/requests/${encodeURIComponent(requestId)}/export/${token}`, expiresAt };
}

/** The package behind a link; a wrong, expired or foreign token is the same NOT_FOUND. */
export async function downloadExport(ctx: AppContext, requestId: string, token: string): Promise<Uint8Array> {
  const row = await ctx.db.kysely
    .selectFrom("request_exports")
    .selectAll()
    .where("token_hash", "=", ctx.keyring.blindIndex(token, "request_exports.token"))
    .executeTakeFirst();
  if (!row || row.request_id !== requestId || row.expires_at <= ctx.clock.now().toISOString()) {
    throw new DomainError("NOT_FOUND", "the link is wrong or has expired");
  }
  await ctx.db.kysely
    .updateTable("request_exports")
    .set({ downloads: row.downloads + 1 })
    .where("id", "=", row.id)
    .execute();
  return new Uint8Array(Buffer.from(ctx.keyring.decrypt(row.package_ciphertext, PACKAGE_PLACE), "base64"));
}

/** Deletes packages whose link has expired (the deadline job calls this): nothing is kept longer than needed (PIPL Art. 19). */
export async function purgeExpiredExports(ctx: AppContext): Promise<number> {
  const r = await ctx.db.kysely.deleteFrom("request_exports").where("expires_at", "<=", ctx.clock.now().toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
