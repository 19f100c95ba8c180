import { type Cipher, createCipheriv, createDecipheriv, createHmac, type Decipher, randomBytes } from "node:crypto";
import { DomainError } from "@pipguard/core";
import type { Db } from "../storage/db.js";
import { AuthenticationError, type CipherAlgorithm, indexHash, open, seal } from "./cipher-suites.js";
import { FastHmac } from "./fast-hmac.js";

/**
 * Envelope encryption for PI that pipguard itself stores (connection strings, identities, exports,
 * evidence). A 32-byte master key wraps data keys; data keys encrypt values, with AES-256-GCM by
 * default or SM4 (+HMAC-SM3) where national algorithms are required (cipher-suites.ts).
 * Ciphertext: `pg1:<keyId>:<base64url iv|ciphertext|tag>`; the key id travels inside, so values
 * written under an older key stay readable after rotation, and `reencrypt` (keys-rotate.ts) can find
 * what still uses an old key. The AAD binds a value to its place (e.g. "data_stores.connection"),
 * so a ciphertext moved to another column fails. Blind indexes use their own key, wrapped likewise
 * and fixed for the life of the database (rotating it would break lookups).
 */
export class Keyring {
  private readonly keys = new Map<string, { alg: CipherAlgorithm; key: Buffer; status: string }>();
  private activeId: string | undefined;
  private index: { hash: "sha256" | "sm3"; key: Buffer; mac: FastHmac } | undefined;

  private constructor(
    private readonly master: Buffer,
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  /** Loads the wrapped keys; creates the first data key (and the blind-index key) on a new database. */
  static async open(opts: { master: Buffer; db: Db; now: () => Date; newId: () => string; algorithm?: CipherAlgorithm }): Promise<Keyring> {
    const ring = new Keyring(opts.master, opts.db, opts.now, opts.newId);
    const rows = await opts.db.kysely.selectFrom("data_keys").selectAll().orderBy("created_at").orderBy("id").execute();
    for (const row of rows) {
      const alg = parseAlgorithm(row.algorithm);
      const key = ring.unwrap(row.id, alg, row.wrapped_key);
      if (row.status === "index") ring.index = indexKey(indexHash(alg), key);
      else ring.keys.set(row.id, { alg, key, status: row.status });
      if (row.status === "active") ring.activeId = row.id;
    }
    const algorithm = opts.algorithm ?? "aes-256-gcm";
    if (!ring.index) await ring.createIndexKey(algorithm);
    if (!ring.activeId) await ring.rotateDataKey(algorithm);
    return ring;
  }

  /** The id and algorithm of the key new values are encrypted with. */
  get active(): { id: string; algorithm: CipherAlgorithm } {
    const id = this.activeId;
    const k = id ? this.keys.get(id) : undefined;
    if (!id || !k) throw new DomainError("INTERNAL", "no active data key");
    return { id, algorithm: k.alg };
  }

  /** Creates a new active data key (optionally switching algorithm); older keys stay for decryption. */
  async rotateDataKey(algorithm: CipherAlgorithm = this.activeId ? this.active.algorithm : "aes-256-gcm"): Promise<string> {
    const id = this.newId();
    const key = randomBytes(32);
    const wrapped = this.wrap(id, algorithm, key);
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable("data_keys").set({ status: "retired" }).where("status", "=", "active").execute();
      await trx.insertInto("data_keys").values({ id, algorithm, wrapped_key: wrapped, status: "active", created_at: this.now().toISOString() }).execute();
    });
    for (const k of this.keys.values()) if (k.status === "active") k.status = "retired";
    this.keys.set(id, { alg: algorithm, key, status: "active" });
    this.activeId = id;
    return id;
  }

  /**
   * The id of a data key of `algorithm`, for values that must use that algorithm whatever the active
   * key is (an operator column protected with `--scheme sm4` in an AES deployment): the active key
   * when it matches, else the newest "standby" key of that algorithm, else a new standby key.
   */
  async keyFor(algorithm: CipherAlgorithm): Promise<string> {
    const current = this.currentKeyFor(algorithm);
    if (current) return current;
    const id = this.newId();
    const key = randomBytes(32);
    await this.db.kysely
      .insertInto("data_keys")
      .values({ id, algorithm, wrapped_key: this.wrap(id, algorithm, key), status: "standby", created_at: this.now().toISOString() })
      .execute();
    this.keys.set(id, { alg: algorithm, key, status: "standby" });
    return id;
  }

  /** keyFor without creating a key: the active key when it is of `algorithm`, else the newest standby one of it, else undefined. */
  currentKeyFor(algorithm: CipherAlgorithm): string | undefined {
    if (this.active.algorithm === algorithm) return this.active.id;
    return [...this.keys].filter(([, k]) => k.status === "standby" && k.alg === algorithm).pop()?.[0];
  }

  /** The algorithm of a data key this keyring holds (undefined when unknown). */
  algorithmOf(keyId: string): CipherAlgorithm | undefined {
    return this.keys.get(keyId)?.alg;
  }

  /** Encrypts a UTF-8 string for the given place (AAD), under the active key or the given one. */
  encrypt(plaintext: string, place: string, keyId?: string): string {
    const id = keyId ?? this.active.id;
    const k = this.keys.get(id);
    if (!k) throw new DomainError("INTERNAL", "unknown data key");
    return `pg1:${id}:${seal(k.alg, k.key, Buffer.from(plaintext, "utf8"), Buffer.from(place, "utf8")).toString("base64url")}`;
  }

  /** Decrypts what `encrypt` produced for the same place; a tampered value throws, never returns garbage. */
  decrypt(ciphertext: string, place: string): string {
    const m = /^pg1:([^:]+):([A-Za-z0-9_-]+)$/.exec(ciphertext);
    const k = m?.[1] ? this.keys.get(m[1]) : undefined;
    if (!m?.[2] || !k) throw new DomainError("INTERNAL", "cannot decrypt: unknown key or format");
    try {
      return open(k.alg, k.key, Buffer.from(m[2], "base64url"), Buffer.from(place, "utf8")).toString("utf8");
    } catch (e) {
      if (e instanceof AuthenticationError) throw new DomainError("INTERNAL", "cannot decrypt: authentication failed");
      throw e;
    }
  }

  /** The key id inside a ciphertext (undefined when it is not one of ours). */
  keyIdOf(ciphertext: string): string | undefined {
    return /^pg1:([^:]+):/.exec(ciphertext)?.[1];
  }

  /** A keyed hash for equality lookups of an encrypted value (blind index); `hash` overrides the deployment's HMAC (SM3 for SM4 columns). */
  blindIndex(value: string, place: string, hash?: "sha256" | "sm3"): string {
    const index = this.index;
    if (!index) throw new DomainError("INTERNAL", "no blind-index key");
    if (hash === undefined || hash === index.hash) return index.mac.digest(place, value);
    return createHmac(hash, index.key).update(place).update("\0").update(value).digest("base64url");
  }

  /**
   * A keyed pseudorandom permutation of 16-byte blocks for `place` and `label` (AES-256, or SM4 where the index
   * key is an SM3 one), its key derived from the blind-index key and never stored. ECB without
   * padding: each block is enciphered on its own, so one `update` over many blocks is one call for a
   * whole batch. For deterministic, fixed-length tokens (row refs, canary slots, in-memory identity
   * keys), never for data at rest.
   */
  blockCipher(place: string, label: string): { enc: Cipher; dec: Decipher } {
    const index = this.index;
    if (!index) throw new DomainError("INTERNAL", "no blind-index key");
    const key = Buffer.from(this.blindIndex(label, place), "base64url");
    const alg = index.hash === "sm3" ? "sm4-ecb" : "aes-256-ecb";
    const k = alg === "sm4-ecb" ? key.subarray(0, 16) : key;
    return { enc: createCipheriv(alg, k, null).setAutoPadding(false), dec: createDecipheriv(alg, k, null).setAutoPadding(false) };
  }

  private async createIndexKey(algorithm: CipherAlgorithm): Promise<void> {
    const id = `index-${this.newId()}`;
    const key = randomBytes(32);
    await this.db.kysely
      .insertInto("data_keys")
      .values({ id, algorithm, wrapped_key: this.wrap(id, algorithm, key), status: "index", created_at: this.now().toISOString() })
      .execute();
    this.index = indexKey(indexHash(algorithm), key);
  }

  private wrap(id: string, alg: CipherAlgorithm, key: Buffer): string {
    return seal(alg, this.master, key, Buffer.from(`data_key:${id}`)).toString("base64url");
  }

  private unwrap(id: string, alg: CipherAlgorithm, wrapped: string): Buffer {
    try {
      return open(alg, this.master, Buffer.from(wrapped, "base64url"), Buffer.from(`data_key:${id}`));
    } catch {
      throw new DomainError("CONFIG_INVALID", "the master key does not open this database's data keys (wrong PIPGUARD_MASTER_KEY?)");
    }
  }
}

function indexKey(hash: "sha256" | "sm3", key: Buffer) {
  return { hash, key, mac: new FastHmac(hash, key) };
}

function parseAlgorithm(s: string): CipherAlgorithm {
  if (s === "aes-256-gcm" || s === "sm4-ctr-hmac-sm3") return s;
  throw new DomainError("CONFIG_INVALID", `unknown data-key algorithm ${s}`);
}
