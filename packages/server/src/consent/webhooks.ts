/**
 * Withdrawal webhooks: when a subject withdraws consent (PIPL Art. 15), each catalog recipient of the
 * purpose that has a webhook gets a signed POST, retried through the job queue until it answers 2xx.
 * Signature: `X-Pipguard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The body carries internal ids only, never identities.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { type Clock, DomainError, type IdGenerator } from "@pipguard/core";
import type { CatalogService } from "../catalog/catalog-service.js";
import type { Keyring } from "../crypto/keyring.js";
import type { Db } from "../storage/db.js";

const SECRET_PLACE = "consent_webhooks.secret";
export const WEBHOOK_JOB = "consent.withdrawal-webhook";

/** The signature header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Checks a signature header (receivers do the same); rejects stale timestamps to stop replays. */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const want = Buffer.from(signWebhook(secret, t, body).slice(`t=${t},v1=`.length), "hex");
  return timingSafeEqual(want, Buffer.from(m[2]!, "hex"));
}

export interface WebhookView {
  recipientId: string;
  url: string;
  createdAt: string;
  updatedAt: string;
}

export class WebhookService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; keyring: Keyring; catalog: CatalogService }) {}

  async list(): Promise<WebhookView[]> {
    const rows = await this.deps.db.kysely
      .selectFrom("consent_webhooks")
      .select(["recipient_id", "url", "created_at", "updated_at"])
      .orderBy("recipient_id")
      .execute();
    return rows.map((r) => ({ recipientId: r.recipient_id, url: r.url, createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  /** Sets a recipient's webhook and issues a new secret, returned once. */
  async set(recipientId: string, url: string): Promise<WebhookView & { secret: string }> {
    await this.deps.catalog.getRecipient(recipientId);
    const u = new URL(url);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new DomainError("VALIDATION_FAILED", "the webhook URL must be http(s)", { field: "url" });
    const secret = randomBytes(32).toString("hex");
    const now = this.deps.clock.now().toISOString();
    const q = this.deps.db.kysely;
    const ct = this.deps.keyring.encrypt(secret, SECRET_PLACE);
    await q.transaction().execute(async (trx) => {
      await trx.deleteFrom("consent_webhooks").where("recipient_id", "=", recipientId).execute();
      await trx
        .insertInto("consent_webhooks")
        .values({ id: this.deps.ids.next(), recipient_id: recipientId, url, secret_ciphertext: ct, created_at: now, updated_at: now })
        .execute();
    });
    return { recipientId, url, createdAt: now, updatedAt: now, secret };
  }

  async remove(recipientId: string): Promise<void> {
    const r = await this.deps.db.kysely.deleteFrom("consent_webhooks").where("recipient_id", "=", recipientId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new DomainError("NOT_FOUND", "this recipient has no webhook");
  }

  /** Recipients of a purpose that have a webhook. */
  async targets(purposeCode: string): Promise<string[]> {
    const purpose = (await this.deps.catalog.listPurposes()).find((p) => p.code === purposeCode);
    if (!purpose || purpose.recipientIds.length === 0) return [];
    const rows = await this.deps.db.kysely.selectFrom("consent_webhooks").select("recipient_id").where("recipient_id", "in", purpose.recipientIds).execute();
    return rows.map((r) => r.recipient_id);
  }

  /** Sends one withdrawal notice; throws on anything but 2xx so the job is retried. */
  async deliver(
    payload: { eventId: string; recipientId: string; subjectId: string; app: string; purpose: string; at: string },
    signal: AbortSignal,
  ): Promise<void> {
    const hook = await this.deps.db.kysely.selectFrom("consent_webhooks").selectAll().where("recipient_id", "=", payload.recipientId).executeTakeFirst();
    if (!hook) return; // removed since: nothing to deliver
    const secret = this.deps.keyring.decrypt(hook.secret_ciphertext, SECRET_PLACE);
    const body = JSON.stringify({ type: "consent.withdrawn", ...payload });
    const ts = Math.floor(this.deps.clock.now().getTime() / 1000);
    const res = await fetch(hook.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-pipguard-signature": signWebhook(secret, ts, body), "x-pipguard-event": payload.eventId },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  }
}
