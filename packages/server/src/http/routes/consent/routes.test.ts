import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { verifyReceipt } from "../../../consent/index.js";
import { type ConsentFixture, setupConsentFixture } from "../../../consent/testing.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

let t: TestApp;
let f: ConsentFixture;
let key: { apiKey: string };
before(async () => {
  t = await createTestApp();
  f = await setupConsentFixture(t.ctx);
  const created = await t.ctx.auth.createApiKey({ name: "widget", scopes: ["consent:read", "consent:write"], createdBy: null });
  key = { apiKey: created.secret };
});
after(() => t.dispose());

type Recorded = { event: { id: string; seq: number; hash: string }; decision: { allow: boolean; reason: string; nonPersonalised: boolean } };
const grant = (over: Record<string, unknown> = {}) => ({
  subjectId: f.adult,
  app: "shop",
  purpose: "face_login",
  action: "grant",
  kind: "separate",
  policyVersion: 1,
  channel: "app",
  ...over,
});

describe("policies and their public pages", () => {
  it("publishes versions, diffs them, and serves escaped zh-CN pages at permanent URLs", async () => {
    const doc = await t.json<{ id: string }>("POST", "/api/v1/policies", {
      as: "privacy_officer",
      body: { app: "shop", kind: "children_rules", title: "儿童规则 <script>" },
    });
    assert.equal(doc.status, 201);
    const v1 = await t.json<{ version: number; contentHash: string }>("POST", `/api/v1/policies/${doc.body.id}/versions`, {
      as: "privacy_officer",
      body: { content: "第一条\n<b>监护人</b>同意" },
    });
    assert.deepEqual([v1.status, v1.body.version, v1.body.contentHash.length], [201, 1, 64]);
    await t.json("POST", `/api/v1/policies/${doc.body.id}/versions`, {
      as: "privacy_officer",
      body: { content: "第一条\n第二条", materialChange: true, changeSummary: "新增" },
    });
    const diff = await t.json<{ lines: { op: string; text: string }[] }>("GET", `/api/v1/policies/${doc.body.id}/diff?from=1&to=2`, { as: "auditor" });
    assert.deepEqual(
      diff.body.lines.filter((l) => l.op !== "same").map((l) => l.op + l.text),
      ["add第二条", "remove<b>监护人</b>同意"],
    );
    const page = await t.request("GET", "/p/shop/children/1");
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.ok(html.includes('lang="zh-CN"') && html.includes("&lt;b&gt;监护人&lt;/b&gt;") && !html.includes("<script>") && html.includes("这是历史版本"));
    assert.ok(html.includes("This is an earlier version") && html.includes("Version history"), "English beside the Chinese");
    assert.ok((await (await t.request("GET", "/p/shop/children")).text()).includes("第二条"));
    assert.equal((await t.request("GET", "/p/shop/children/9")).status, 404);
    assert.equal((await t.request("DELETE", `/api/v1/policies/${doc.body.id}`, { as: "admin" })).status, 409);
  });

  it("generates the SDK list from the catalog's SDK recipients", async () => {
    const doc = await t.json<{ id: string }>("POST", "/api/v1/policies", { as: "admin", body: { app: "shop", kind: "sdk_list", title: "第三方SDK清单" } });
    const v = await t.json<{ content: string }>("POST", `/api/v1/policies/${doc.body.id}/versions`, { as: "admin", body: {} });
    assert.equal(v.status, 201);
    assert.match(v.body.content, /未接入第三方SDK/);
    assert.equal((await t.request("GET", "/p/shop/sdk")).status, 200);
  });
});

describe("consents through the API (an app with an API key)", () => {
  it("grants, withdraws, and decisions flip at once", async () => {
    const g = await t.json<Recorded>("POST", "/api/v1/consents", { as: key, body: grant() });
    assert.equal(g.status, 201);
    assert.equal(g.body.decision.reason, "consent_given");
    const d1 = await t.json<{ allow: boolean }>("POST", "/api/v1/decisions", { as: key, body: { subjectId: f.adult, purpose: "face_login" } });
    assert.equal(d1.body.allow, true);
    await t.json("POST", "/api/v1/consents", { as: key, body: grant({ action: "withdraw", policyVersion: undefined }) });
    const batch = await t.json<{ items: { purpose: string; allow: boolean; reason: string; nonPersonalised: boolean }[] }>("POST", "/api/v1/decisions", {
      as: key,
      body: {
        items: [
          { subjectId: f.adult, purpose: "face_login" },
          { subjectId: f.adult, purpose: "delivery" },
          { subjectId: f.adult, purpose: "personalised_recommendation" },
        ],
      },
    });
    assert.deepEqual(
      batch.body.items.map((i) => [i.purpose, i.allow, i.reason, i.nonPersonalised]),
      [
        ["face_login", false, "withdrawn", false],
        ["delivery", true, "legal_basis_not_consent", false],
        ["personalised_recommendation", false, "no_consent", true],
      ],
    );
  });

  it("answers the bad-input codes the issue names", async () => {
    const post = (body: unknown) => t.json<{ code: string }>("POST", "/api/v1/consents", { as: key, body });
    const cases: [Record<string, unknown>, number, string][] = [
      [grant({ purpose: "nope" }), 422, "UNKNOWN_PURPOSE"],
      [grant({ kind: "general" }), 422, "SEPARATE_CONSENT_REQUIRED"],
      [grant({ subjectId: f.orphan, purpose: "newsletter", kind: "guardian" }), 422, "GUARDIAN_CONSENT_REQUIRED"],
      [grant({ subjectId: f.child, purpose: "newsletter", kind: "general" }), 422, "GUARDIAN_CONSENT_REQUIRED"],
      [grant({ policyVersion: 7 }), 409, "POLICY_VERSION_NOT_CURRENT"],
      [grant({ subjectId: "no-such" }), 404, "NOT_FOUND"],
      [grant({ pre_checked: true }), 400, "VALIDATION_FAILED"],
    ];
    for (const [body, status, code] of cases) {
      const r = await post(body);
      assert.deepEqual([r.status, r.body.code], [status, code], code);
    }
  });

  it("records a retried request once (Idempotency-Key)", async () => {
    const send = () =>
      t.json<Recorded>("POST", "/api/v1/consents", {
        as: key,
        headers: { "idempotency-key": "retry-1" },
        body: grant({ purpose: "newsletter", kind: "general" }),
      });
    const a = await send();
    const b = await send();
    assert.deepEqual([a.status, b.status], [201, 200]);
    assert.equal(a.body.event.id, b.body.event.id);
    const n = await t.ctx.db.kysely
      .selectFrom("consent_events")
      .select((e) => e.fn.countAll().as("n"))
      .where("id", "=", a.body.event.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
  });

  it("scopes Idempotency-Keys to the caller: another client's same key records its own event", async () => {
    const other = await t.ctx.auth.createApiKey({ name: "other", scopes: ["consent:write"], createdBy: null });
    const body = grant({ subjectId: f.guardian, purpose: "newsletter", kind: "general", action: "refuse" });
    const a = await t.json<Recorded>("POST", "/api/v1/consents", { as: key, headers: { "idempotency-key": "shared-key" }, body });
    const b = await t.json<Recorded>("POST", "/api/v1/consents", { as: { apiKey: other.secret }, headers: { "idempotency-key": "shared-key" }, body });
    assert.deepEqual([a.status, b.status], [201, 201]);
    assert.notEqual(a.body.event.id, b.body.event.id);
  });

  type BatchResult = {
    recorded: number;
    replayed: number;
    failed: number;
    results: { index: number; status: string; id?: string; seq?: number; code?: string }[];
  };
  it("records a batch in order, fails bad events on their own, and replays a retried batch", async () => {
    const g = (over: Record<string, unknown>) => grant({ subjectId: f.guardian, ...over });
    const events = [
      g({ purpose: "newsletter", kind: "general", idempotencyKey: "b-1" }),
      g({ purpose: "face_login", kind: "general", idempotencyKey: "b-2" }), // general consent to a separate-consent purpose
      g({ purpose: "no_such_purpose", idempotencyKey: "b-3" }),
      g({ subjectId: "00000000-0000-7000-8000-000000000000", purpose: "newsletter", kind: "general" }),
      g({ purpose: "newsletter", kind: "general", action: "withdraw", policyVersion: undefined, idempotencyKey: "b-5" }),
    ];
    const first = await t.json<BatchResult>("POST", "/api/v1/consents/batch", { as: key, body: { events } });
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.results.map((r) => [r.status, r.code ?? null]),
      [
        ["recorded", null],
        ["failed", "SEPARATE_CONSENT_REQUIRED"],
        ["failed", "UNKNOWN_PURPOSE"],
        ["failed", "NOT_FOUND"],
        ["recorded", null],
      ],
    );
    assert.ok(first.body.results[0]!.seq! < first.body.results[4]!.seq!, "appended in the order given");
    // The withdrawal in the batch is in force at once.
    const d = await t.json<{ reason: string }>("POST", "/api/v1/decisions", { as: key, body: { subjectId: f.guardian, purpose: "newsletter", app: "shop" } });
    assert.equal(d.body.reason, "withdrawn");
    // The same batch again: keyed events replay, the unkeyed bad one fails again, nothing is appended twice.
    const head = await t.json<{ ok: boolean; length?: number }>("GET", "/api/v1/ledger/verify", { as: key });
    const again = await t.json<BatchResult>("POST", "/api/v1/consents/batch", { as: key, body: { events } });
    assert.deepEqual([again.body.recorded, again.body.replayed, again.body.failed], [0, 2, 3]);
    assert.equal(again.body.results[0]!.id, first.body.results[0]!.id);
    const after = await t.json<{ ok: boolean; length?: number }>("GET", "/api/v1/ledger/verify", { as: key });
    assert.equal(after.body.ok, true);
    assert.deepEqual(after.body, head.body);
  });

  it("rejects an empty or oversized batch and unknown fields with 400", async () => {
    for (const body of [{ events: [] }, { events: Array.from({ length: 1001 }, () => grant()) }, { events: [grant({ extra: 1 })] }]) {
      const r = await t.json<{ code: string }>("POST", "/api/v1/consents/batch", { as: key, body });
      assert.deepEqual([r.status, r.body.code], [400, "VALIDATION_FAILED"]);
    }
  });

  it("says not to ask again within 48 hours of a refusal, nor while consent is in force", async () => {
    await t.json("POST", "/api/v1/consents", {
      as: key,
      body: { subjectId: f.guardian, app: "shop", purpose: "face_login", action: "refuse", kind: "separate" },
    });
    const a = await t.json<{ ask: boolean; reason: string }>("GET", `/api/v1/prompts/should-ask?subject=${f.guardian}&purpose=face_login`, { as: key });
    assert.deepEqual([a.status, a.body.ask, a.body.reason], [200, false, "refused_recently"]);
    const inForce = await t.json<{ reason: string }>("GET", `/api/v1/prompts/should-ask?subject=${f.adult}&purpose=newsletter`, { as: key });
    assert.equal(inForce.body.reason, "consent_in_force");
    const p = await t.json("POST", "/api/v1/prompts", {
      as: key,
      body: { subjectId: f.guardian, app: "shop", permission: "android.permission.CAMERA", outcome: "refused" },
    });
    assert.equal(p.status, 201);
    const perm = await t.json<{ ask: boolean }>("GET", `/api/v1/prompts/should-ask?subject=${f.guardian}&permission=android.permission.CAMERA`, { as: key });
    assert.equal(perm.body.ask, false);
    // A permission's quiet period cannot be configured below 48 hours; a purpose's can.
    const short = await t.json<{ code: string }>("PUT", "/api/v1/prompts/settings", {
      as: "privacy_officer",
      body: { permission: "android.permission.CAMERA", hours: 24 },
    });
    assert.deepEqual([short.status, short.body.code], [400, "VALIDATION_FAILED"]);
    const set = await t.json("PUT", "/api/v1/prompts/settings", { as: "privacy_officer", body: { purpose: "face_login", hours: 0 } });
    assert.equal(set.status, 200);
    const again = await t.json<{ ask: boolean }>("GET", `/api/v1/prompts/should-ask?subject=${f.guardian}&purpose=face_login`, { as: key });
    assert.equal(again.body.ask, true);
    const prompts = await t.json<{ items: unknown[] }>("GET", `/api/v1/subjects/${f.guardian}/prompts`, { as: "auditor" });
    assert.equal(prompts.body.items.length, 1);
    assert.equal((await t.request("GET", `/api/v1/prompts/should-ask?subject=${f.guardian}`, { as: key })).status, 400);
  });

  it("creates and finds subjects without echoing or storing identities in clear", async () => {
    const c = await t.json<{ id: string; identityTypes: string[] }>("POST", "/api/v1/subjects", {
      as: key,
      body: { identities: [{ type: "mobile", value: "13912345678" }], ageBand: "adult" },
    });
    assert.equal(c.status, 201);
    assert.ok(!JSON.stringify(c.body).includes("13912345678"));
    const found = await t.json<{ id: string }>("POST", "/api/v1/subjects/find", { as: key, body: { type: "mobile", value: "139 1234 5678" } });
    assert.equal(found.body.id, c.body.id);
    const rows = JSON.stringify(await t.ctx.db.kysely.selectFrom("subject_identities").selectAll().execute());
    assert.ok(!rows.includes("13912345678"));
    assert.equal((await t.json("POST", "/api/v1/subjects", { as: key, body: { identities: [{ type: "mobile", value: "13912345678" }] } })).status, 409);
    assert.ok(!t.logs.join("\n").includes("13912345678"));
  });

  it("verifies and exports the ledger, and signs receipts verifiable offline", async () => {
    const v = await t.json<{ ok: boolean; count: number }>("GET", "/api/v1/ledger/verify", { as: "auditor" });
    assert.equal(v.body.ok, true);
    const exp = await t.request("GET", "/api/v1/ledger/export", { as: "auditor" });
    const lines = (await exp.text()).trim().split("\n");
    assert.equal(lines.length, v.body.count);
    const first = JSON.parse(lines[0]!) as { id: string };
    const r = await t.json<Record<string, unknown> & { signature: { publicKey: string } }>("GET", `/api/v1/consents/${first.id}/receipt`, { as: key });
    assert.equal(r.status, 200);
    assert.equal(r.body.version, "KI-CR-v1.1.0");
    const pk = await t.json<{ spki: string }>("GET", "/api/v1/receipts/public-key");
    assert.equal(verifyReceipt(r.body, pk.body.spki).ok, true);
    assert.equal(verifyReceipt({ ...r.body, piiPrincipalId: "someone-else" }).ok, false);
    const state = await t.json<{ purposes: { purpose: string; state: string | null }[] }>("GET", `/api/v1/subjects/${f.adult}/consents`, { as: "agent" });
    assert.equal(state.body.purposes.find((p) => p.purpose === "face_login")?.state, "withdraw");
  });
});
