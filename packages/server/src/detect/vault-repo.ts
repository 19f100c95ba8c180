/**
 * Token vaults of HTTP redaction sessions, stored encrypted (the vault maps tokens to PI) and bound
 * to the principal that created them: only the creator restores, and a vault expires.
 */
import { DomainError } from "@pipguard/core";
import type { AppContext } from "../context.js";
import { TokenVault } from "./vault.js";

const PLACE = "pi_token_vaults.data";
/** A vault lives one day after its last use: long enough for a chat session, short for PI at rest. */
const TTL_MS = 24 * 60 * 60 * 1000;

type Ctx = Pick<AppContext, "db" | "keyring" | "clock" | "ids">;

/** Loads a vault the owner may use; NOT_FOUND for unknown, expired or someone else's vaults. */
export async function loadVault(ctx: Ctx, id: string, owner: string): Promise<TokenVault> {
  const row = await ctx.db.kysely.selectFrom("pi_token_vaults").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row || row.owner !== owner || row.expires_at <= ctx.clock.now().toISOString()) throw new DomainError("NOT_FOUND", "no such token vault");
  return TokenVault.fromData(JSON.parse(ctx.keyring.decrypt(row.data_ct, `${PLACE}:${id}`)));
}

/**
 * Saves a vault (new when `id` is undefined); returns its id. A loaded vault that gained no token
 * only has its expiry pushed back: no re-encryption of the whole vault per prompt.
 */
export async function saveVault(ctx: Ctx, vault: TokenVault, owner: string, id?: string): Promise<string> {
  const now = ctx.clock.now();
  const vid = id ?? ctx.ids.next();
  if (id && !vault.changed) {
    const expires_at = new Date(now.getTime() + TTL_MS).toISOString();
    await ctx.db.kysely.updateTable("pi_token_vaults").set({ updated_at: now.toISOString(), expires_at }).where("id", "=", id).execute();
    return id;
  }
  const data_ct = ctx.keyring.encrypt(JSON.stringify(vault.toData()), `${PLACE}:${vid}`);
  const expires_at = new Date(now.getTime() + TTL_MS).toISOString();
  if (id) {
    await ctx.db.kysely
      .updateTable("pi_token_vaults")
      .set({ data_ct, entries: vault.size, updated_at: now.toISOString(), expires_at })
      .where("id", "=", id)
      .execute();
  } else {
    await ctx.db.kysely
      .insertInto("pi_token_vaults")
      .values({ id: vid, owner, data_ct, entries: vault.size, created_at: now.toISOString(), updated_at: now.toISOString(), expires_at })
      .execute();
  }
  return vid;
}

/** Deletes expired vaults (for a periodic job); returns how many. */
export async function purgeExpiredVaults(ctx: Ctx): Promise<number> {
  const res = await ctx.db.kysely.deleteFrom("pi_token_vaults").where("expires_at", "<=", ctx.clock.now().toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}
