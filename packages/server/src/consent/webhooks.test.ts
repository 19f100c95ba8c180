import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { catalogService } from "../catalog/index.js";
import { runJob } from "../jobs/run-job.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { consentArea } from "./index.js";
import { type ConsentFixture, setupConsentFixture } from "./testing.js";
import { verifyWebhookSignature, WEBHOOK_JOB } from "./webhooks.js";

let t: TestApp;
let f: ConsentFixture;
let hook: Server;
let url: string;
let answer = 500;
const received: { body: string; signature: string }[] = [];

before(async () => {
  t = await createTestApp();
  f = await setupConsentFixture(t.ctx);
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["x-pipguard-signature"]) });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  const addr = hook.address();
  url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/hook`;
});
after(async () => {
  await new Promise((r) => hook.close(r));
  await t.dispose();
});

async function runDue(): Promise<void> {
  for (const job of await t.ctx.jobs.claim("test-worker", 30_000, { types: [WEBHOOK_JOB], limit: 10 })) {
    await runJob(t.ctx, job, { workerId: "test-worker", leaseMs: 30_000, signal: new AbortController().signal, logger: t.ctx.logger });
  }
}

describe("withdrawal webhooks", () => {
  it("notifies each recipient of the purpose with an HMAC-signed POST, retried until acknowledged", async () => {
    const cat = catalogService(t.ctx);
    const purpose = (await cat.listPurposes()).find((p) => p.code === "newsletter")!;
    const recipient = await cat.createRecipient({ key: "mailer", name: "邮件服务商", kind: "entrusted_processor", purposeIds: [purpose.id] });
    const set = await t.json<{ secret: string }>("PUT", `/api/v1/consent-webhooks/${recipient.id}`, { as: "privacy_officer", body: { url } });
    assert.equal(set.status, 200);
    const { consent } = consentArea(t.ctx);
    await consent.record({ subjectId: f.adult, app: "shop", purpose: "newsletter", action: "grant", kind: "general", policyVersion: 1, channel: "app" });
    const w = await consent.record({ subjectId: f.adult, app: "shop", purpose: "newsletter", action: "withdraw", kind: "general", channel: "app" });
    // Decisions flip before any notice is delivered: withdrawal is effective at once.
    assert.equal((await consent.decideFor(f.adult, "newsletter")).reason, "withdrawn");

    await runDue(); // the receiver answers 500: the job stays queued for another try
    assert.equal(received.length, 1);
    const [job] = (await t.ctx.db.kysely.selectFrom("jobs").selectAll().where("type", "=", WEBHOOK_JOB).execute()).map((j) => ({
      status: j.status,
      attempts: Number(j.attempts),
    }));
    assert.deepEqual(job, { status: "queued", attempts: 1 });

    answer = 204;
    await t.ctx.db.kysely
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .where("type", "=", WEBHOOK_JOB)
      .execute();
    await runDue();
    assert.equal(received.length, 2);
    const last = received[1]!;
    assert.ok(verifyWebhookSignature(set.body.secret, last.signature, last.body, Math.floor(Date.now() / 1000)));
    assert.ok(!verifyWebhookSignature(set.body.secret, last.signature, last.body.replace("withdrawn", "granted"), Math.floor(Date.now() / 1000)));
    const payload = JSON.parse(last.body) as { type: string; eventId: string; recipientId: string };
    assert.deepEqual([payload.type, payload.eventId, payload.recipientId], ["consent.withdrawn", w.event.id, recipient.id]);
    const done = await t.ctx.db.kysely.selectFrom("jobs").select("status").where("type", "=", WEBHOOK_JOB).executeTakeFirstOrThrow();
    assert.equal(done.status, "succeeded");
  });

  it("sends nothing for a grant", async () => {
    const before = (await t.ctx.db.kysely.selectFrom("jobs").select("id").where("type", "=", WEBHOOK_JOB).execute()).length;
    await consentArea(t.ctx).consent.record({
      subjectId: f.guardian,
      app: "shop",
      purpose: "newsletter",
      action: "grant",
      kind: "general",
      policyVersion: 1,
      channel: "app",
    });
    assert.equal((await t.ctx.db.kysely.selectFrom("jobs").select("id").where("type", "=", WEBHOOK_JOB).execute()).length, before);
  });
});
