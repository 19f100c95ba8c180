import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The two authenticated ciphers pipguard encrypts with. A value is `iv | ciphertext | tag`; the
 * associated data binds it to its place, and a wrong key, place or a changed byte makes `open` throw.
 *
 * - `aes-256-gcm`: the default.
 * - `sm4-ctr-hmac-sm3`: for deployments that must use the national algorithms (GB/T 32907 SM4,
 *   GB/T 32905 SM3). node:crypto has no SM4-GCM, so SM4 in CTR mode is authenticated
 *   encrypt-then-MAC with HMAC-SM3 over place, IV and ciphertext; the 32-byte key is split into an
 *   encryption and a MAC key with HMAC-SM3.
 */
export type CipherAlgorithm = "aes-256-gcm" | "sm4-ctr-hmac-sm3";
export const CIPHER_ALGORITHMS: readonly CipherAlgorithm[] = ["aes-256-gcm", "sm4-ctr-hmac-sm3"];

export class AuthenticationError extends Error {
  constructor() {
    super("authentication failed");
    this.name = "AuthenticationError";
  }
}

/** Encrypts `plaintext` under a 32-byte key. */
export function seal(alg: CipherAlgorithm, key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  if (alg === "aes-256-gcm") {
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", key, iv);
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([iv, ct, c.getAuthTag()]);
  }
  const { enc, mac } = sm4Keys(key);
  const iv = randomBytes(16);
  const c = createCipheriv("sm4-ctr", enc, iv);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, ct, sm3Tag(mac, aad, iv, ct)]);
}

/** Decrypts what `seal` produced with the same key and AAD, or throws AuthenticationError. */
export function open(alg: CipherAlgorithm, key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (alg === "aes-256-gcm") {
    if (sealed.length < 28) throw new AuthenticationError();
    const d = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
    } catch {
      throw new AuthenticationError();
    }
  }
  if (sealed.length < 48) throw new AuthenticationError();
  const { enc, mac } = sm4Keys(key);
  const iv = sealed.subarray(0, 16);
  const ct = sealed.subarray(16, sealed.length - 32);
  // Verify before decrypting (encrypt-then-MAC), in constant time.
  if (!timingSafeEqual(sm3Tag(mac, aad, iv, ct), sealed.subarray(sealed.length - 32))) throw new AuthenticationError();
  const d = createDecipheriv("sm4-ctr", enc, iv);
  return Buffer.concat([d.update(ct), d.final()]);
}

function sm4Keys(key: Buffer): { enc: Buffer; mac: Buffer } {
  return {
    enc: createHmac("sm3", key).update("pipguard/sm4/enc").digest().subarray(0, 16),
    mac: createHmac("sm3", key).update("pipguard/sm4/mac").digest(),
  };
}

function sm3Tag(mac: Buffer, aad: Buffer, iv: Buffer, ct: Buffer): Buffer {
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt(aad.length));
  return createHmac("sm3", mac).update(len).update(aad).update(iv).update(ct).digest();
}

/** The HMAC used for blind indexes under each suite (SM3 for national-algorithm deployments). */
export function indexHash(alg: CipherAlgorithm): "sha256" | "sm3" {
  return alg === "aes-256-gcm" ? "sha256" : "sm3";
}
