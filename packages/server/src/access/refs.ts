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
import type { Cipher, Decipher } from "node:crypto";
import { CANARY_EVERY, type CellValue, isCanarySlot, type MarkMac } from "@pipguard/core";
import type { AppContext } from "../context.js";

export type RowRef = { k: CellValue[] } | { c: string };

const refPlace = (grantId: string) => `access.ref:${grantId}`;
const PREFIX = "r1.";
const KIND_KEY = 1;
const KIND_CANARY = 2;

interface Ciphers {
  enc: Cipher;
  dec: Decipher;
  /** Enciphers canary-slot blocks under a key of its own (slots must not be readable from refs). */
  slot: Cipher;
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
    const { enc, dec } = ctx.keyring.blockCipher(`access_grants.ref:${grantId}`, "row-ref-key");
    const slot = ctx.keyring.blockCipher(`access_grants.slot:${grantId}`, "slot-key").enc;
    c = { enc, dec, slot };
    if (m.size > 1000) m.clear();
    m.set(grantId, c);
  }
  return c;
}

/**
 * Refs and canary slots for a batch of rows, from the JSON of their keys, in one cipher call each
 * for the whole batch. A ref is `sealRef`'s. A slot (core `isCanarySlot`: a canary follows the row)
 * is chosen by the first four bytes of the block `slot|key` enciphered under the grant's slot key — a
 * pseudorandom permutation, as good as a MAC here and far cheaper than an HMAC per row; keys too long
 * for a block fall back to the grant's HMAC mark. Deterministic, so a row pulled twice gets the same
 * canary, and a contractor cannot tell slots without the key (refs use another key).
 */
export function markBatch(ctx: AppContext, grantId: string, mac: MarkMac, keyJsons: readonly string[]): { refs: string[]; slots: Uint8Array } {
  const c = ciphers(ctx, grantId);
  const n = keyJsons.length;
  const refBlocks = Buffer.alloc(16 * n);
  const slotBlocks = Buffer.alloc(16 * n);
  const refShort = new Uint8Array(n);
  const slotShort = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const json = keyJsons[i] as string;
    if (json.length <= 14) {
      const w = refBlocks.write(json, 16 * i + 1, 15, "utf8");
      if (w <= 14 && Buffer.byteLength(json) === w) {
        refBlocks[16 * i] = (KIND_KEY << 4) | w;
        refShort[i] = 1;
      } else refBlocks.fill(0, 16 * i, 16 * i + 16);
    }
    if (json.length <= 11) {
      const message = `slot|${json}`;
      const w = slotBlocks.write(message, 16 * i, 16, "utf8");
      if (Buffer.byteLength(message) === w) slotShort[i] = 1;
      else slotBlocks.fill(0, 16 * i, 16 * i + 16);
    }
  }
  const refOut = c.enc.update(refBlocks);
  const slotOut = c.slot.update(slotBlocks);
  const refs: string[] = new Array(n);
  const slots = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const json = keyJsons[i] as string;
    refs[i] = refShort[i] ? PREFIX + refOut.toString("base64url", 16 * i, 16 * i + 16) : ctx.keyring.encrypt(`{"k":${json}}`, refPlace(grantId));
    slots[i] = slotShort[i] ? Number(slotOut.readUInt32BE(16 * i) % CANARY_EVERY === 0) : Number(isCanarySlot(mac, json));
  }
  return { refs, slots };
}

/** Seals a row reference for a grant. */
export function sealRef(ctx: AppContext, grantId: string, ref: RowRef): string {
  return "k" in ref
    ? seal(ctx, grantId, KIND_KEY, JSON.stringify(ref.k), () => JSON.stringify(ref))
    : seal(ctx, grantId, KIND_CANARY, ref.c, () => JSON.stringify(ref));
}

const block = Buffer.alloc(16);

function seal(ctx: AppContext, grantId: string, kind: number, json: string, long: () => string): string {
  if (json.length <= 14) {
    block.fill(0);
    const n = block.write(json, 1, "utf8");
    // Fits when every character was written (JSON of a short key is mostly ASCII).
    if (n <= 14 && Buffer.byteLength(json) === n) {
      block[0] = (kind << 4) | n;
      return PREFIX + ciphers(ctx, grantId).enc.update(block).toString("base64url");
    }
  }
  return ctx.keyring.encrypt(long(), refPlace(grantId));
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
