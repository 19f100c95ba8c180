import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { catalogService } from "../catalog/index.js";
import { loadConfig } from "../config/config.js";
import { consentArea } from "../consent/index.js";
import { type AppContext, createContext } from "../context.js";
import { createLogger } from "../logger.js";
import { openTestDb, TEST_DIALECT, TEST_PG_URL, type TestDb } from "../testing/test-db.js";
import { openDb } from "./db.js";

const until = async (cond: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
};

const purposeBody = (code: string) => ({ code, nameZh: "用途", nameEn: "Purpose", legalBasis: "consent", necessity: "optional" as const });

describe("change feed: two pipguard instances on one PostgreSQL", {
  skip: TEST_DIALECT !== "postgres" && "needs PostgreSQL (PIPGUARD_TEST_DB=postgres)",
}, () => {
  let db: TestDb;
  let a: AppContext;
  let b: AppContext;
  before(async () => {
    db = await openTestDb("postgres");
    const config = loadConfig({
      NODE_ENV: "test",
      PIPGUARD_DATA_DIR: mkdtempSync(join(tmpdir(), "pg-feed-")),
      PIPGUARD_MASTER_KEY: randomBytes(32).toString("base64"),
    });
    const logger = createLogger({ level: "silent" });
    a = await createContext(config, { db, logger });
    // the second instance: its own pool on the same schema
    b = await createContext(config, { db: openDb({ url: TEST_PG_URL, schema: db.location, poolSize: 2 }), logger, migrate: false });
    await a.changes.listen();
    assert.ok(await until(() => a.changes.live), "the listener connects");
  });
  after(async () => {
    await a.changes.close();
    await b.db.close();
    await db.dispose();
  });

  const listA = async () => {
    const { body } = await catalogService(a).cachedJson("purposes", async () => JSON.stringify(await catalogService(a).listPurposes()));
    return JSON.parse(Buffer.from(body.raw).toString("utf8")) as { code: string }[];
  };

  it("serves a cached list without asking the database, and sees another instance's write once notified", async () => {
    await catalogService(b).createPurpose(purposeBody("first_purpose"));
    assert.deepEqual(
      (await listA()).map((p) => p.code),
      ["first_purpose"],
    );
    await catalogService(b).createPurpose(purposeBody("second_purpose"));
    assert.ok(await until(async () => (await listA()).length === 2), "instance A sees B's new purpose");
  });

  it("stops accepting an API key on every instance once one instance revokes it", async () => {
    const { key, secret } = await a.auth.createApiKey({ name: "feed", scopes: ["catalog:read"], createdBy: null });
    assert.ok(await a.auth.principalFromApiKey(secret));
    assert.ok(await a.auth.principalFromApiKey(secret), "now served from A's verified-key cache");
    await b.auth.revokeApiKey(key.id);
    assert.ok(await until(async () => (await a.auth.principalFromApiKey(secret)) === undefined), "A refuses the revoked key");
  });

  it("sees another instance's consent, guardian link and material policy change at once (PIPL Art. 15, 31, 14)", async () => {
    const ca = consentArea(a);
    const cb = consentArea(b);
    await catalogService(b).createSystem({ key: "shop", name: "示例商城", kind: "app", appType: null });
    await catalogService(b).createPurpose(purposeBody("feed_newsletter"));
    const doc = await cb.policies.create({ app: "shop", kind: "privacy_policy", title: "隐私政策" });
    await cb.policies.publish(doc.id, { content: "第一版" });
    const subject = await cb.subjects.create({ ageBand: "adult" });
    // A answers once (projection loaded, poll timer reset), so a pick-up within the next second comes from the feed.
    assert.equal((await ca.consent.decideFor(subject.id, "feed_newsletter", "shop")).reason, "no_consent");
    await cb.consent.record({
      subjectId: subject.id,
      app: "shop",
      purpose: "feed_newsletter",
      action: "grant",
      kind: "general",
      policyVersion: 1,
      channel: "app",
    });
    assert.ok(await until(async () => (await ca.consent.decideFor(subject.id, "feed_newsletter", "shop")).allow, 800), "A sees B's grant");
    // A material policy change published through B: A must ask for fresh consent without waiting for a cache to expire.
    await cb.policies.publish(doc.id, { content: "第二版", materialChange: true });
    assert.ok(
      await until(async () => (await ca.consent.decideFor(subject.id, "feed_newsletter", "shop")).reason === "reconsent_required", 2000),
      "A sees B's material change",
    );
    // A subject turns out to be a child (birth date corrected through B): A stops accepting the adult's own consent.
    assert.equal((await ca.subjects.facts(subject.id)).under14, false);
    await cb.subjects.update(subject.id, { birthDate: "2020-01-01", ageBand: null });
    assert.ok(await until(async () => (await ca.subjects.facts(subject.id)).under14, 2000), "A sees B's subject update");
  });

  it("forgets its caches and reads the database while the listener is down", async () => {
    await a.changes.close();
    assert.equal(a.changes.live, false);
    const before = (await listA()).length;
    await catalogService(b).createPurpose(purposeBody("third_purpose"));
    assert.equal((await listA()).length, before + 1, "without the feed every read checks the version");
  });
});
