/**
 * Consent receipts: the Kantara Initiative Consent Receipt fields where they fit, plus pipguard's
 * ledger link, signed with Ed25519. The public key is embedded, so a receipt verifies offline;
 * compare it with the one published at /api/v1/receipts/public-key to trust it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import type { ConsentEvent, Organisation } from "@pipguard/core";
import type { Keyring } from "../crypto/keyring.js";
import type { Db } from "../storage/db.js";

const KEY_PLACE = "receipt_keys.private_key";

/** JSON with object keys sorted at every level: the bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface ReceiptSignature {
  alg: "Ed25519";
  /** SPKI DER, base64. */
  publicKey: string;
  /** Signature over canonicalJson(receipt without `signature`), base64. */
  value: string;
}

export type ConsentReceipt = Record<string, unknown> & { signature: ReceiptSignature };

/** The receipt-signing key: generated on first use, private half stored encrypted. */
export class ReceiptSigner {
  private key: { id: string; publicDer: string; privatePem: string } | undefined;

  constructor(private readonly deps: { db: Db; keyring: Keyring; newId: () => string; now: () => Date }) {}

  private async load(): Promise<{ id: string; publicDer: string; privatePem: string }> {
    if (this.key) return this.key;
    const q = this.deps.db.kysely;
    let row = await q.selectFrom("receipt_keys").selectAll().orderBy("created_at").orderBy("id").executeTakeFirst();
    if (!row) {
      const { publicKey, privateKey } = generateKeyPairSync("ed25519");
      const id = this.deps.newId();
      const values = {
        id,
        public_key: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
        private_key_ciphertext: this.deps.keyring.encrypt(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), KEY_PLACE),
        created_at: this.deps.now().toISOString(),
      };
      await q.insertInto("receipt_keys").values(values).execute();
      // Two instances may race on first use: the oldest key wins for both.
      row = await q.selectFrom("receipt_keys").selectAll().orderBy("created_at").orderBy("id").executeTakeFirstOrThrow();
    }
    this.key = { id: row.id, publicDer: row.public_key, privatePem: this.deps.keyring.decrypt(row.private_key_ciphertext, KEY_PLACE) };
    return this.key;
  }

  /** The public key (SPKI DER base64 and PEM). */
  async publicKey(): Promise<{ keyId: string; alg: "Ed25519"; spki: string; pem: string }> {
    const k = await this.load();
    const pem = createPublicKey({ key: Buffer.from(k.publicDer, "base64"), format: "der", type: "spki" })
      .export({ type: "spki", format: "pem" })
      .toString();
    return { keyId: k.id, alg: "Ed25519", spki: k.publicDer, pem };
  }

  /** A signed receipt for one ledger event. */
  async receipt(e: ConsentEvent, ctx: { organisation: Organisation | null; policyUrl: string; purposeName: string | null }): Promise<ConsentReceipt> {
    const k = await this.load();
    const body = {
      version: "KI-CR-v1.1.0",
      jurisdiction: "CN",
      consentTimestamp: Math.floor(Date.parse(e.at) / 1000),
      collectionMethod: e.channel,
      consentReceiptID: e.id,
      publicKey: k.publicDer,
      language: "zh-CN",
      piiPrincipalId: e.subjectId,
      piiControllers: [{ piiController: ctx.organisation?.nameZh ?? "", contact: ctx.organisation?.contact ?? "", piiControllerUrl: ctx.policyUrl }],
      policyUrl: ctx.policyUrl,
      services: [
        {
          service: e.app,
          purposes: [
            {
              purpose: ctx.purposeName ?? e.purpose,
              purposeCategory: [e.purpose],
              consentType: e.kind === "general" ? "EXPRESSED" : "EXPLICIT",
              termination: "withdrawal (PIPL Art. 15)",
            },
          ],
        },
      ],
      // pipguard: what happened and where it sits in the hash-chained ledger.
      pipguard: {
        action: e.action,
        kind: e.kind,
        policyVersion: e.policyVersion,
        policyHash: e.policyHash,
        noticeHash: e.noticeHash,
        ledger: { seq: e.seq, prevHash: e.prevHash, hash: e.hash },
      },
    };
    const value = sign(null, Buffer.from(canonicalJson(body), "utf8"), createPrivateKey(k.privatePem)).toString("base64");
    return { ...body, signature: { alg: "Ed25519", publicKey: k.publicDer, value } };
  }
}

/** Verifies a receipt offline; with `trustedKey` (SPKI base64) also checks it was signed by that key. */
export function verifyReceipt(receipt: unknown, trustedKey?: string): { ok: boolean; reason: string } {
  if (!receipt || typeof receipt !== "object") return { ok: false, reason: "not a receipt object" };
  const { signature, ...body } = receipt as { signature?: Partial<ReceiptSignature> };
  if (signature?.alg !== "Ed25519" || typeof signature.publicKey !== "string" || typeof signature.value !== "string") {
    return { ok: false, reason: "missing or unsupported signature" };
  }
  if (trustedKey !== undefined && trustedKey !== signature.publicKey) return { ok: false, reason: "signed by a different key" };
  try {
    const key = createPublicKey({ key: Buffer.from(signature.publicKey, "base64"), format: "der", type: "spki" });
    const ok = verify(null, Buffer.from(canonicalJson(body), "utf8"), key, Buffer.from(signature.value, "base64"));
    return ok ? { ok: true, reason: "signature valid" } : { ok: false, reason: "signature does not match the content" };
  } catch {
    return { ok: false, reason: "malformed key or signature" };
  }
}
