import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { DomainError } from "@pipguard/core";
import type { Db } from "../storage/db.js";

/**
 * Envelope encryption for PI that pipguard itself stores (connection strings, identities, exports).
 * A 32-byte master key wraps data keys (AES-256-GCM); data keys encrypt values (AES-256-GCM).
 * Ciphertext: `pg1:<keyId>:<base64url iv|ciphertext|tag>`; the key id travels inside, so values
 * written under an older key stay readable after a new key becomes active. The AAD binds a value
 * to its place (e.g. "data_stores.connection"), so a ciphertext moved to another column fails.
 */
export class Keyring {
  private readonly keys = new Map<string, Buffer>();
  private activeId: string | undefined;
  private readonly indexKey: Buffer;

  private constructor(
    private readonly master: Buffer,
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {
    // Blind-index key: derived from the master key, separate from any data key.
    this.indexKey = createHmac("sha256", master).update("pipguard/blind-index/v1").digest();
  }

  /** Loads the wrapped data keys; creates the first one on a new database. */
  static async open(opts: { master: Buffer; db: Db; now: () => Date; newId: () => string }): Promise<Keyring> {
    const ring = new Keyring(opts.master, opts.db, opts.now, opts.newId);
    const rows = await opts.db.kysely.selectFrom("data_keys").selectAll().orderBy("created_at").execute();
    for (const row of rows) {
      ring.keys.set(row.id, ring.unwrap(row.id, row.wrapped_key));
      if (row.status === "active") ring.activeId = row.id;
    }
    if (!ring.activeId) await ring.rotateDataKey();
    return ring;
  }

  /** Creates a new active data key; older keys stay for decryption. */
  async rotateDataKey(): Promise<string> {
    const id = this.newId();
    const key = randomBytes(32);
    const wrapped = this.wrap(id, key);
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable("data_keys").set({ status: "retired" }).where("status", "=", "active").execute();
      await trx
        .insertInto("data_keys")
        .values({ id, algorithm: "aes-256-gcm", wrapped_key: wrapped, status: "active", created_at: this.now().toISOString() })
        .execute();
    });
    this.keys.set(id, key);
    this.activeId = id;
    return id;
  }

  /** Encrypts a UTF-8 string for the given place (AAD). */
  encrypt(plaintext: string, place: string): string {
    const id = this.activeId;
    const key = id ? this.keys.get(id) : undefined;
    if (!id || !key) throw new DomainError("INTERNAL", "no active data key");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(place, "utf8"));
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `pg1:${id}:${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64url")}`;
  }

  /** Decrypts what `encrypt` produced for the same place; a tampered value throws, never returns garbage. */
  decrypt(ciphertext: string, place: string): string {
    const m = /^pg1:([^:]+):([A-Za-z0-9_-]+)$/.exec(ciphertext);
    const key = m?.[1] ? this.keys.get(m[1]) : undefined;
    if (!m?.[2] || !key) throw new DomainError("INTERNAL", "cannot decrypt: unknown key or format");
    const raw = Buffer.from(m[2], "base64url");
    if (raw.length < 28) throw new DomainError("INTERNAL", "cannot decrypt: truncated value");
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(place, "utf8"));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
    } catch {
      throw new DomainError("INTERNAL", "cannot decrypt: authentication failed");
    }
  }

  /** A keyed hash for equality lookups of an encrypted value (blind index). */
  blindIndex(value: string, place: string): string {
    return createHmac("sha256", this.indexKey).update(place).update("\0").update(value).digest("base64url");
  }

  private wrap(id: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.master, iv);
    cipher.setAAD(Buffer.from(`data_key:${id}`));
    const ct = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64url");
  }

  private unwrap(id: string, wrapped: string): Buffer {
    const raw = Buffer.from(wrapped, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", this.master, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`data_key:${id}`));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    } catch {
      throw new DomainError("CONFIG_INVALID", "the master key does not open this database's data keys (wrong PIPGUARD_MASTER_KEY?)");
    }
  }
}
