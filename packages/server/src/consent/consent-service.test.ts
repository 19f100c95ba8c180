import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isDomainError } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { consentArea, verifyLedger } from "./index.js";
import { type ConsentFixture, setupConsentFixture } from "./testing.js";

let t: TestApp;
let f: ConsentFixture;
before(async () => {
  t = await createTestApp({ users: false });
  f = await setupConsentFixture(t.ctx);
});
after(() => t.dispose());

const rejectsWith = (code: string) => (e: unknown) => isDomainError(e) && e.code === code;

describe("consent service", () => {
  it("records a grant and a withdrawal, and decisions flip at once", async () => {
    const { consent } = consentArea(t.ctx);
    const g = await consent.record({
      subjectId: f.adult,
      app: "shop",
      purpose: "face_login",
      action: "grant",
      kind: "separate",
      policyVersion: 1,
      channel: "app",
    });
    assert.equal(g.decision.reason, "consent_given");
    assert.equal(g.event.seq >= 1, true);
    const w = await consent.record({ subjectId: f.adult, app: "shop", purpose: "face_login", action: "withdraw", kind: "separate", channel: "app" });
    assert.equal(w.decision.reason, "withdrawn");
    assert.equal((await consent.decideFor(f.adult, "face_login")).allow, false);
  });

  it("refuses general consent to a purpose needing separate consent, and a child's own consent", async () => {
    const { consent } = consentArea(t.ctx);
    const base = { app: "shop", action: "grant" as const, policyVersion: 1, channel: "app" };
    await assert.rejects(consent.record({ ...base, subjectId: f.adult, purpose: "face_login", kind: "general" }), rejectsWith("SEPARATE_CONSENT_REQUIRED"));
    await assert.rejects(consent.record({ ...base, subjectId: f.child, purpose: "newsletter", kind: "general" }), rejectsWith("GUARDIAN_CONSENT_REQUIRED"));
    await assert.rejects(consent.record({ ...base, subjectId: f.orphan, purpose: "newsletter", kind: "guardian" }), rejectsWith("GUARDIAN_CONSENT_REQUIRED"));
    await assert.rejects(consent.record({ ...base, subjectId: f.adult, purpose: "nope", kind: "general" }), rejectsWith("UNKNOWN_PURPOSE"));
    const ok = await consent.record({ ...base, subjectId: f.child, purpose: "kids_club", kind: "guardian" });
    assert.equal(ok.decision.allow, true);
  });

  it("needs fresh consent after the purpose itself changes materially, not after a cosmetic edit (PIPL Art. 14 para. 2)", async () => {
    const { consent } = consentArea(t.ctx);
    const cat = catalogService(t.ctx);
    const purpose = await cat.createPurpose({
      code: "survey",
      nameZh: "问卷调研",
      nameEn: "Survey",
      legalBasis: "consent",
      necessity: "optional",
      description: "邀请用户参加满意度调研",
    });
    await consent.record({ subjectId: f.adult, app: "shop", purpose: "survey", action: "grant", kind: "general", policyVersion: 1, channel: "app" });
    assert.equal((await consent.decideFor(f.adult, "survey")).reason, "consent_given");
    const renamed = await cat.updatePurpose(purpose.id, { nameEn: "Customer survey" });
    assert.equal(renamed.materialChangeAt, null);
    assert.equal((await consent.decideFor(f.adult, "survey")).reason, "consent_given");
    await new Promise((r) => setTimeout(r, 5)); // the change is stamped after the grant, to the millisecond
    const widened = await cat.updatePurpose(purpose.id, { description: "邀请用户参加满意度调研，并用于精准营销" });
    assert.deepEqual(widened.materialChangeReasons, ["purpose_statement"]);
    assert.equal((await consent.decideFor(f.adult, "survey")).reason, "reconsent_required");
    await new Promise((r) => setTimeout(r, 5));
    await consent.record({ subjectId: f.adult, app: "shop", purpose: "survey", action: "grant", kind: "general", policyVersion: 1, channel: "app" });
    assert.equal((await consent.decideFor(f.adult, "survey")).reason, "consent_given");
    // A change the terms do not show (the processing method), declared by the operator: consent again.
    await new Promise((r) => setTimeout(r, 5));
    const declared = await cat.updatePurpose(purpose.id, { materialChange: true });
    assert.deepEqual(declared.materialChangeReasons, ["processing_method"]);
    assert.equal((await consent.decideFor(f.adult, "survey")).reason, "reconsent_required");
    const untouched = await cat.updatePurpose(purpose.id, { materialChange: false, nameZh: "满意度问卷" });
    assert.equal(untouched.materialChangeAt, declared.materialChangeAt, "an edit without a material change keeps the stamp as it was");
  });

  it("needs fresh consent after a material policy change, and only accepts the current version", async () => {
    const { consent, policies } = consentArea(t.ctx);
    await consent.record({ subjectId: f.adult, app: "shop", purpose: "newsletter", action: "grant", kind: "general", policyVersion: 1, channel: "app" });
    await policies.publish(f.policyId, { content: "第二版\n新增了营销推送。\n", materialChange: true, changeSummary: "新增目的" });
    assert.equal((await consent.decideFor(f.adult, "newsletter")).reason, "reconsent_required");
    await assert.rejects(
      consent.record({ subjectId: f.adult, app: "shop", purpose: "newsletter", action: "grant", kind: "general", policyVersion: 1, channel: "app" }),
      rejectsWith("POLICY_VERSION_NOT_CURRENT"),
    );
    await consent.record({ subjectId: f.adult, app: "shop", purpose: "newsletter", action: "grant", kind: "general", policyVersion: 2, channel: "app" });
    assert.equal((await consent.decideFor(f.adult, "newsletter")).reason, "consent_given");
  });

  it("records a retried request once (idempotency key) and keeps the chain linear under concurrency", async () => {
    const { consent } = consentArea(t.ctx);
    const input = { subjectId: f.guardian, app: "shop", purpose: "newsletter", action: "refuse" as const, kind: "general" as const, channel: "app" };
    const [a, b] = await Promise.all([consent.record(input, "k-1"), consent.record(input, "k-1")]);
    assert.equal(a.event.id, b.event.id);
    const c = await consent.record(input, "k-1");
    assert.equal(c.event.id, a.event.id);
    assert.equal(c.replay, true);
    await assert.rejects(consent.record({ ...input, action: "withdraw" }, "k-1"), rejectsWith("IDEMPOTENCY_KEY_REUSED"));
    await Promise.all(Array.from({ length: 50 }, (_, i) => consent.record({ ...input, channel: `c${i}` })));
    const v = await verifyLedger(t.ctx);
    assert.equal(v.ok, true, JSON.stringify(v));
    const rows = await t.ctx.db.kysely
      .selectFrom("consent_events")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("notice_hash", "!=", "")
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), v.count);
  });

  it("judges each event of a batch by the same rules as a single record, and keeps one linear chain with batches in parallel", async () => {
    const { consent, policies } = consentArea(t.ctx);
    const current = (await policies.currentFacts("shop"))!.version;
    const base = { app: "shop", action: "grant" as const, policyVersion: current, channel: "batch" };
    const same = { ...base, subjectId: f.guardian, purpose: "newsletter", kind: "general" as const };
    const out = await consent.recordMany([
      { input: { ...base, subjectId: f.child, purpose: "kids_club", kind: "guardian" } },
      { input: { ...base, subjectId: f.child, purpose: "newsletter", kind: "general" } }, // a child's own consent (Art. 31)
      { input: { ...base, subjectId: f.orphan, purpose: "newsletter", kind: "guardian" } }, // no guardian on record
      { input: { ...base, subjectId: f.adult, purpose: "face_login", kind: "general" } }, // bundled into general consent
      { input: { ...base, subjectId: f.adult, purpose: "face_login", kind: "separate", policyVersion: current + 1 } },
      { input: { ...base, subjectId: "00000000-0000-7000-8000-00000000dead", purpose: "newsletter", kind: "general" } },
      { input: same, idempotencyKey: "batch-k" },
      { input: same, idempotencyKey: "batch-k" }, // the same key and event again in the batch: recorded once
      { input: { ...same, action: "refuse" }, idempotencyKey: "batch-k" }, // the key reused for another event
    ]);
    assert.deepEqual(
      out.map((r) => [r.index, r.status, r.error?.code ?? null]),
      [
        [0, "recorded", null],
        [1, "failed", "GUARDIAN_CONSENT_REQUIRED"],
        [2, "failed", "GUARDIAN_CONSENT_REQUIRED"],
        [3, "failed", "SEPARATE_CONSENT_REQUIRED"],
        [4, "failed", "POLICY_VERSION_NOT_CURRENT"],
        [5, "failed", "NOT_FOUND"],
        [6, "recorded", null],
        [7, "replayed", null],
        [8, "failed", "IDEMPOTENCY_KEY_REUSED"],
      ],
    );
    assert.equal(out[7]!.event!.id, out[6]!.event!.id);
    assert.ok(out[0]!.event!.seq < out[6]!.event!.seq, "appended in the order given");
    assert.equal((await consent.decideFor(f.child, "kids_club")).allow, true);
    // Batches and single records at once: every event recorded once, in one unbroken chain.
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ input: { ...same, action: "refuse" as const, channel: `p${i}` } }));
    const [a, b] = await Promise.all([consent.recordMany(batch(300)), consent.recordMany(batch(1200)), consent.record({ ...same, action: "refuse" })]);
    assert.deepEqual(
      [a, b].map((r) => r.filter((x) => x.status === "recorded").length),
      [300, 1200],
    );
    const v = await verifyLedger(t.ctx);
    assert.equal(v.ok, true, JSON.stringify(v));
  });

  it("verifies OK while appends are committing (a consistent snapshot, no false alarm)", async () => {
    const { consent } = consentArea(t.ctx);
    const input = { subjectId: f.guardian, app: "shop", purpose: "newsletter", action: "refuse" as const, kind: "general" as const, channel: "app" };
    const appends = Promise.all(Array.from({ length: 200 }, () => consent.record(input)));
    const verdicts = [];
    for (let i = 0; i < 10; i++) verdicts.push(await verifyLedger(t.ctx));
    await appends;
    for (const v of verdicts) assert.equal(v.ok, true, JSON.stringify(v));
  });

  it("keeps one linear chain when two instances append at once, and each sees the other's withdrawal within a second", async () => {
    const a = consentArea(t.ctx);
    const { ConsentService } = await import("./consent-service.js");
    const { nodeHasher } = await import("./hasher.js");
    const other = new ConsentService({
      db: t.ctx.db,
      clock: t.ctx.clock,
      ids: t.ctx.ids,
      hasher: nodeHasher,
      catalog: catalogService(t.ctx),
      policies: a.policies,
      subjects: a.subjects,
    });
    const input = { subjectId: f.adult, app: "shop", purpose: "newsletter", kind: "general" as const, policyVersion: 2, channel: "app" };
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a.consent : other).record({ ...input, action: "grant" })));
    assert.equal((await verifyLedger(t.ctx)).ok, true);
    await other.record({ ...input, action: "withdraw" });
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await a.consent.decideFor(f.adult, "newsletter")).reason, "withdrawn");
  });

  it("rebuilds the same state from the ledger in a fresh process", async () => {
    const { ConsentService } = await import("./consent-service.js");
    const a = consentArea(t.ctx);
    const fresh = new ConsentService({
      db: t.ctx.db,
      clock: t.ctx.clock,
      ids: t.ctx.ids,
      hasher: (await import("./hasher.js")).nodeHasher,
      catalog: catalogService(t.ctx),
      policies: a.policies,
      subjects: a.subjects,
    });
    assert.deepEqual(await fresh.state(f.adult, "face_login"), await a.consent.state(f.adult, "face_login"));
    assert.equal((await fresh.decideFor(f.adult, "face_login")).reason, "withdrawn");
  });

  it("stores subject identities and birth dates only encrypted, and finds subjects by blind index", async () => {
    const { subjects } = consentArea(t.ctx);
    const rows = await t.ctx.db.kysely.selectFrom("subject_identities").selectAll().execute();
    const all = JSON.stringify(rows) + JSON.stringify(await t.ctx.db.kysely.selectFrom("subjects").selectAll().execute());
    for (const plain of ["13800138000", "alice@example.cn", "Alice@Example.cn", "kid-42", "2018-05-01", "1990-01-01"])
      assert.equal(all.includes(plain), false, `plaintext ${plain.length} chars stored`);
    assert.equal((await subjects.find("email", " alice@EXAMPLE.cn ")).id, f.adult);
    assert.equal((await subjects.find("mobile", "+86 138-0013-8000")).id, f.guardian);
    await assert.rejects(subjects.find("mobile", "13900000000"), rejectsWith("NOT_FOUND"));
  });
});
