import type { Kysely } from "kysely";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";
import { consoleSender, type MessageSender, type SmsGateway, smsSender, smtpSender } from "./senders.js";

export const RECIPIENT_PLACE = "outbox_messages.recipient";
export const BODY_PLACE = "outbox_messages.body";
/** Tries before a message is given up (dead); the gap doubles from one minute. */
export const MAX_SEND_ATTEMPTS = 6;
/** The job type that delivers the outbox. */
export const OUTBOX_JOB = "requests.outbox";

/** A message to put in the outbox. */
export interface NewMessage {
  requestId: string | null;
  channel: "email" | "sms" | "console";
  to: string;
  subject: string;
  text: string;
  /** The same key twice adds one message (jobs run at least once). */
  dedupeKey?: string;
}

const smsGateways = new WeakMap<AppContext, SmsGateway>();

/** Plugs an SMS gateway into a context (the operator's composition root, or a test). */
export function setSmsGateway(ctx: AppContext, gateway: SmsGateway): void {
  smsGateways.set(ctx, gateway);
}

/**
 * Adds a message (recipient and body encrypted) and, unless inside a caller's transaction, a job to
 * deliver it. Inside a transaction, pass `trx` and the job is added in it too.
 */
export async function enqueueMessage(ctx: AppContext, m: NewMessage, trx?: Kysely<Database>): Promise<string | undefined> {
  const db = trx ?? ctx.db.kysely;
  const now = ctx.clock.now().toISOString();
  const id = ctx.ids.next();
  const inserted = await db
    .insertInto("outbox_messages")
    .values({
      id,
      request_id: m.requestId,
      channel: m.channel,
      recipient_ciphertext: ctx.keyring.encrypt(m.to, RECIPIENT_PLACE),
      subject: m.subject,
      body_ciphertext: ctx.keyring.encrypt(m.text, BODY_PLACE),
      status: "pending",
      attempts: 0,
      last_error: null,
      next_attempt_at: now,
      dedupe_key: m.dedupeKey ?? null,
      created_at: now,
      sent_at: null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return undefined;
  await ctx.jobs.enqueue(OUTBOX_JOB, { messageId: id }, trx ? { trx } : {});
  return id;
}

/** The sender for a stored channel: SMTP when configured, the SMS gateway when plugged in, else console. */
export function senderFor(ctx: AppContext, channel: string): MessageSender {
  if (channel === "email" && ctx.config.smtpUrl) return smtpSender({ url: ctx.config.smtpUrl, from: ctx.config.mailFrom });
  const gateway = smsGateways.get(ctx);
  if (channel === "sms" && gateway) return smsSender(gateway);
  return consoleSender(ctx.logger);
}

/**
 * Delivers pending messages that are due (one by id, or a batch). A message already sent is skipped,
 * so running twice sends nothing twice unless the process died between sending and recording.
 */
export async function deliverOutbox(ctx: AppContext, opts: { messageId?: string; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const now = ctx.clock.now();
  let q = ctx.db.kysely.selectFrom("outbox_messages").selectAll().where("status", "=", "pending").where("next_attempt_at", "<=", now.toISOString());
  if (opts.messageId) q = q.where("id", "=", opts.messageId);
  const rows = await q
    .orderBy("created_at")
    .limit(opts.limit ?? 100)
    .execute();
  const out = { sent: 0, failed: 0 };
  const senders = new Map<string, MessageSender>();
  try {
    for (const row of rows) {
      const sender = senders.get(row.channel) ?? senderFor(ctx, row.channel);
      senders.set(row.channel, sender);
      const attempts = row.attempts + 1;
      try {
        await sender.send({
          id: row.id,
          to: ctx.keyring.decrypt(row.recipient_ciphertext, RECIPIENT_PLACE),
          subject: row.subject,
          text: ctx.keyring.decrypt(row.body_ciphertext, BODY_PLACE),
        });
        await ctx.db.kysely
          .updateTable("outbox_messages")
          .set({ status: "sent", attempts, sent_at: ctx.clock.now().toISOString(), last_error: null })
          .where("id", "=", row.id)
          .execute();
        out.sent += 1;
      } catch (e) {
        // The error text of a mail library can quote the address; keep only its class and code.
        const code = (e as { code?: unknown }).code;
        const error = `${(e as Error).name ?? "Error"}${typeof code === "string" ? ` ${code}` : ""}`.slice(0, 100);
        const dead = attempts >= MAX_SEND_ATTEMPTS;
        await ctx.db.kysely
          .updateTable("outbox_messages")
          .set({
            status: dead ? "dead" : "pending",
            attempts,
            last_error: error,
            next_attempt_at: new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)).toISOString(),
          })
          .where("id", "=", row.id)
          .execute();
        ctx.logger.warn({ subsystem: "outbox", messageId: row.id, attempts, dead, error }, "message delivery failed");
        out.failed += 1;
      }
    }
  } finally {
    for (const s of senders.values()) (s as { close?: () => void }).close?.();
  }
  return out;
}

/**
 * The newest `limit` messages (all, or one request's), decrypted and oldest first: where an operator
 * without a mail or SMS transport (and the demo) reads one-time codes and notices.
 */
export async function outboxMessages(ctx: AppContext, f: { requestId?: string; limit?: number } = {}) {
  let q = ctx.db.kysely.selectFrom("outbox_messages").selectAll();
  if (f.requestId) q = q.where("request_id", "=", f.requestId);
  const rows = (
    await q
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(f.limit ?? 1000)
      .execute()
  ).reverse();
  return rows.map((m) => ({
    id: m.id,
    requestId: m.request_id,
    channel: m.channel,
    to: ctx.keyring.decrypt(m.recipient_ciphertext, RECIPIENT_PLACE),
    subject: m.subject,
    text: ctx.keyring.decrypt(m.body_ciphertext, BODY_PLACE),
    status: m.status,
    attempts: m.attempts,
    createdAt: m.created_at,
    sentAt: m.sent_at,
  }));
}
