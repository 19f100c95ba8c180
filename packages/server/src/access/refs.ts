/**
 * Row refs: what a contractor quotes to reveal one field of one row. A ref is the row's key sealed
 * under a key derived for the grant from the keyring's blind-index key (never stored), so it does not
 * show the operator's primary key, opens only under its own grant (reveals by another contractor
 * fail, and a ref in a leaked file names the grant), and costs one block-cipher call per row.
 *
 * Short keys (≤ 14 bytes of JSON, e.g. an integer id) fit one block: byte 0 = kind << 4 | length,
 * then the JSON, then zero bytes; the block is enciphered with AES-256 (SM4 in an SM4 deployment) as a
 * pseudorandom permutation. Opening checks the kind, the length, the zero padding and the JSON, so a
 * block from another grant or a guess is refused (a false opening needs ≥ 8 zero bits to line up
 * and valid JSON). Longer keys fall back to the keyring's authenticated encryption.
 */
import { type Cipher, createCipheriv, createDecipheriv, type Decipher } from "node:crypto";
import type { CellValue } from "@pipguard/core";
import type { AppContext } from "../context.js";

export type RowRef = { k: CellValue[] } | { c: string };

const refPlace = (grantId: string) => `access.ref:${grantId}`;
const PREFIX = "r1.";
const KIND_KEY = 1;
const KIND_CANARY = 2;

interface Ciphers {
  enc: Cipher;
  dec: Decipher;
}

const cache = new WeakMap<AppContext, Map<string, Ciphers>>();

function ciphers(ctx: AppContext, grantId: string): Ciphers {
  let m = cache.get(ctx);
  if (!m) {
    m = new Map();
    cache.set(ctx, m);
  }
  let c = m.get(grantId);
  if (!c) {
    const key = Buffer.from(ctx.keyring.blindIndex("row-ref-key", `access_grants.ref:${grantId}`), "base64url");
    const alg = ctx.config.cipher === "sm4-ctr-hmac-sm3" ? "sm4-ecb" : "aes-256-ecb";
    const k = alg === "sm4-ecb" ? key.subarray(0, 16) : key;
    const enc = createCipheriv(alg, k, null).setAutoPadding(false);
    const dec = createDecipheriv(alg, k, null).setAutoPadding(false);
    c = { enc, dec };
    if (m.size > 1000) m.clear();
    m.set(grantId, c);
  }
  return c;
}

/** Seals a row reference for a grant. */
export function sealRef(ctx: AppContext, grantId: string, ref: RowRef): string {
  const kind = "k" in ref ? KIND_KEY : KIND_CANARY;
  const json = Buffer.from("k" in ref ? JSON.stringify(ref.k) : ref.c, "utf8");
  if (json.length <= 14) {
    const block = Buffer.alloc(16);
    block[0] = (kind << 4) | json.length;
    json.copy(block, 1);
    return PREFIX + ciphers(ctx, grantId).enc.update(block).toString("base64url");
  }
  return ctx.keyring.encrypt(JSON.stringify(ref), refPlace(grantId));
}

/** Opens a ref under a grant; undefined when it was not sealed for it. */
export function openRef(ctx: AppContext, grantId: string, ref: string): RowRef | undefined {
  try {
    if (ref.startsWith(PREFIX)) {
      const raw = Buffer.from(ref.slice(PREFIX.length), "base64url");
      if (raw.length !== 16) return undefined;
      const block = ciphers(ctx, grantId).dec.update(raw);
      const kind = (block[0] as number) >> 4;
      const len = (block[0] as number) & 0x0f;
      if ((kind !== KIND_KEY && kind !== KIND_CANARY) || len > 14 || block.subarray(1 + len).some((b) => b !== 0)) return undefined;
      const text = block.subarray(1, 1 + len).toString("utf8");
      const parsed = JSON.parse(text) as unknown;
      if (kind === KIND_CANARY) return { c: text };
      return Array.isArray(parsed) ? { k: parsed as CellValue[] } : undefined;
    }
    return JSON.parse(ctx.keyring.decrypt(ref, refPlace(grantId))) as RowRef;
  } catch {
    return undefined;
  }
}
