/**
 * The format of a protected operator column (`pipguard protect column`). PIPL Art. 51(3) asks the
 * processor to take "encryption, de-identification and other security technical measures", and
 * GB/T 35273-2020 6.3 to store personal (sensitive) information with encryption and similar
 * measures; GB/T 39786-2021 (commercial cryptography for information systems) expects the national
 * algorithms where a deployment is bound to them, hence SM4 beside AES-256-GCM.
 *
 * A protected cell is the keyring's own ciphertext: `pg1:<keyId>:<base64url iv|ciphertext|tag>`,
 * ASCII only, with the place `protect:<table>.<column>` as associated data, so a value copied to
 * another column fails to decrypt. A cell that does not look like that is plaintext (a column being
 * protected or unprotected is readable at every moment). NULL stays NULL.
 */
import { DomainError, isDomainError } from "@pipguard/core";
import type { CipherAlgorithm } from "../crypto/cipher-suites.js";
import type { Keyring } from "../crypto/keyring.js";

/** `--scheme` names → cipher suites. */
export const SCHEMES = { aes: "aes-256-gcm", sm4: "sm4-ctr-hmac-sm3" } as const satisfies Record<string, CipherAlgorithm>;
export type SchemeName = keyof typeof SCHEMES;

const CIPHERTEXT = /^pg1:[A-Za-z0-9-]{1,64}:[A-Za-z0-9_-]+$/;

/** True when a cell holds a protected value (not plaintext). */
export function isProtectedValue(v: unknown): v is string {
  return typeof v === "string" && v.startsWith("pg1:") && CIPHERTEXT.test(v);
}

/** The associated data binding a value to its column. */
export function placeOf(table: string, column: string): string {
  return `protect:${table}.${column}`;
}

/** The blind-index column added beside a protected one. */
export function indexColumnOf(column: string): string {
  return `${column}_bidx`;
}

/**
 * The blind index of a value: HMAC (SHA-256, or SM3 for an SM4 column) under pipguard's index key
 * over the lower-cased value, so case-insensitive identities (e-mail) are found; an exact lookup
 * filters the decrypted candidates afterwards.
 */
export function blindIndexOf(keyring: Keyring, scheme: CipherAlgorithm, place: string, value: string): string {
  return keyring.blindIndex(value.toLowerCase(), place, scheme === "sm4-ctr-hmac-sm3" ? "sm3" : "sha256");
}

/** Decrypts one protected cell; a tampered value (or an unknown key) throws DECRYPTION_FAILED, never garbage. */
export function openValue(keyring: Keyring, value: string, table: string, column: string): string {
  try {
    return keyring.decrypt(value, placeOf(table, column));
  } catch (e) {
    if (isDomainError(e))
      throw new DomainError(
        "DECRYPTION_FAILED",
        `a protected value of ${table}.${column} does not decrypt (tampered, or under a key this database does not hold)`,
        {
          table,
          column,
        },
      );
    throw e;
  }
}

/** Characters of the ciphertext of a plaintext of `bytes` UTF-8 bytes (key ids are 36-character UUIDs). */
export function ciphertextLength(scheme: CipherAlgorithm, bytes: number): number {
  const sealed = scheme === "aes-256-gcm" ? 12 + bytes + 16 : 16 + bytes + 32;
  return "pg1:".length + 36 + 1 + Math.ceil((sealed * 4) / 3);
}
