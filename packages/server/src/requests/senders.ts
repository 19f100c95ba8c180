import nodemailer from "nodemailer";
import type { Logger } from "../logger.js";

/** One message ready to go out. */
export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** A delivery channel. Senders must not log the recipient or the body. */
export interface MessageSender {
  readonly channel: "email" | "sms" | "console";
  send(m: OutgoingMessage): Promise<void>;
}

/** SMS is an interface only: an operator plugs in its gateway (Aliyun, Tencent Cloud, a carrier). */
export interface SmsGateway {
  sendSms(to: string, text: string): Promise<void>;
}

/**
 * Development sender: the message stays in the outbox (read it with `pipguard requests messages`);
 * the log line names the message id only, never the address or the text.
 */
export function consoleSender(logger: Logger): MessageSender {
  return {
    channel: "console",
    async send(m) {
      logger.info({ subsystem: "outbox", messageId: m.id }, "message kept in the outbox (console sender; no mail transport configured)");
    },
  };
}

/** E-mail over SMTP with nodemailer; `url` is smtp(s)://user:pass@host:port. */
export function smtpSender(opts: { url: string; from: string }): MessageSender & { close(): void } {
  const transport = nodemailer.createTransport(opts.url);
  return {
    channel: "email",
    async send(m) {
      await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text, messageId: `<${m.id}@pipguard>` });
    },
    close: () => transport.close(),
  };
}

/** SMS through an operator-supplied gateway; only the text body is sent (SMS has no subject). */
export function smsSender(gateway: SmsGateway): MessageSender {
  return { channel: "sms", send: (m) => gateway.sendSms(m.to, m.text) };
}
