import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { SMTPServer } from "smtp-server";
import { getHandler } from "../jobs/registry.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { submitRequest } from "./intake.js";

type Received = { from: string; to: string[]; raw: string };

describe("requester e-mail through a real SMTP conversation", () => {
  let t: TestApp;
  let server: SMTPServer;
  const received: Received[] = [];
  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    t = await createTestApp({
      clock: new FakeClock("2025-09-28T02:00:00.000Z"),
      config: { PIPGUARD_SMTP_URL: `smtp://127.0.0.1:${port}`, PIPGUARD_MAIL_FROM: "Privacy Desk <privacy@operator.example>" },
    });
  });
  after(async () => {
    await t.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("delivers the one-time code to the requester's address and logs neither the address nor the code", async () => {
    const email = "wang.wu@example.cn";
    const { id } = await submitRequest(t.ctx, { type: "deletion", channel: "email", contact: email, ip: "192.0.2.7" });
    const handler = getHandler("requests.outbox");
    assert.ok(handler);
    await handler.run({}, { ctx: t.ctx, jobId: "test", attempt: 1, signal: new AbortController().signal, logger: t.ctx.logger });

    assert.equal(received.length, 1);
    const mail = received[0];
    assert.ok(mail);
    assert.deepEqual(mail.to, [email]);
    assert.equal(mail.from, "privacy@operator.example");
    // The subject is RFC 2047-encoded (it carries Chinese); decode the body's quoted-printable lightly.
    assert.match(mail.raw, /^Subject: .*=\?UTF-8\?/im);
    const body = mail.raw.replace(/=\r?\n/g, "");
    const code = /: (\d{6})/.exec(body)?.[1];
    assert.ok(code, "the body carries a 6-digit code");
    assert.ok(body.includes(id), "the body names the request");

    const row = await t.ctx.db.kysely.selectFrom("outbox_messages").selectAll().where("request_id", "=", id).executeTakeFirstOrThrow();
    assert.equal(row.status, "sent");
    assert.ok(!row.body_ciphertext.includes(code) && !row.recipient_ciphertext.includes(email), "stored encrypted");
    const logs = t.logs.join("\n");
    assert.ok(!logs.includes(email), "no log line carries the address");
    assert.ok(!logs.includes(code), "no log line carries the code");

    // At least once: running the job again sends nothing twice.
    await handler.run({}, { ctx: t.ctx, jobId: "test-2", attempt: 1, signal: new AbortController().signal, logger: t.ctx.logger });
    assert.equal(received.length, 1);
  });

  it("keeps a message pending with a scrubbed error when the SMTP server is unreachable", async () => {
    const t2 = await createTestApp({ users: false, config: { PIPGUARD_SMTP_URL: "smtp://127.0.0.1:1" } });
    try {
      const email = "zhao.liu@example.cn";
      const { id } = await submitRequest(t2.ctx, { type: "access", channel: "email", contact: email, ip: "192.0.2.8" });
      await getHandler("requests.outbox")?.run({}, { ctx: t2.ctx, jobId: "t", attempt: 1, signal: new AbortController().signal, logger: t2.ctx.logger });
      const row = await t2.ctx.db.kysely.selectFrom("outbox_messages").selectAll().where("request_id", "=", id).executeTakeFirstOrThrow();
      assert.equal(row.status, "pending");
      assert.equal(row.attempts, 1);
      assert.ok(!(row.last_error ?? "").includes(email));
      assert.ok(!t2.logs.join("\n").includes(email));
    } finally {
      await t2.dispose();
    }
  });
});
