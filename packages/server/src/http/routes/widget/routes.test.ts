import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { catalogService } from "../../../catalog/index.js";
import { type ConsentFixture, setupConsentFixture } from "../../../consent/testing.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

const ORIGIN = "https://shop.example.cn";
let nowMs = Date.parse("2026-03-02T02:00:00Z");
const clock = { now: () => new Date(nowMs) };

let t: TestApp;
let f: ConsentFixture;
let key: { apiKey: string };
before(async () => {
  t = await createTestApp({ clock, config: { PIPGUARD_WIDGET_ORIGINS: `shop=${ORIGIN} https://all.example.cn` } });
  f = await setupConsentFixture(t.ctx);
  await catalogService(t.ctx).createSystem({ key: "blog", name: "博客", kind: "app", appType: null });
  key = { apiKey: (await t.ctx.auth.createApiKey({ name: "backend", scopes: ["consent:read", "consent:write"], createdBy: null })).secret };
});
after(() => t.dispose());

type Config = {
  purposes: { code: string; kind: string; reasons: { article: string }[] }[];
  policy: { version: number; url: string };
  noticeHash: Record<string, string>;
};
type State = { under14: boolean; purposes: { purpose: string; state: string | null; kind: string | null; allow: boolean; ask: boolean; askReason: string }[] };

const mint = async (subjectId: string, app = "shop", ttlSeconds?: number) => {
  const r = await t.json<{ token: string; expiresAt: string }>("POST", "/api/v1/widget/tokens", { as: key, body: { subjectId, app, ttlSeconds } });
  assert.equal(r.status, 201);
  return r.body.token;
};
const config = async () => (await t.json<Config>("GET", "/api/v1/widget/shop/config")).body;
const choose = async (token: string, choices: { purpose: string; choice: string }[], over: Record<string, unknown> = {}) => {
  const c = await config();
  return t.json<State & { code: string }>("POST", "/api/v1/widget/shop/choices", {
    headers: { "x-pipguard-token": token },
    body: { locale: "zh-CN", policyVersion: c.policy.version, noticeHash: c.noticeHash["zh-CN"], choices, ...over },
  });
};

describe("widget notice", () => {
  it("lists the purposes needing consent with their kind and reasons, the policy URL and a notice hash per locale", async () => {
    const c = await config();
    assert.deepEqual(
      c.purposes.map((p) => [p.code, p.kind]),
      [
        ["face_login", "separate"],
        ["kids_club", "guardian"],
        ["newsletter", "general"],
      ].sort(),
    );
    assert.ok(c.purposes.find((p) => p.code === "kids_club")?.reasons.some((r) => r.article === "PIPL Art. 31"));
    assert.equal(c.policy.url, "http://localhost/p/shop/privacy/1", "absolute: the widget shows it on another origin");
    assert.match(c.noticeHash["zh-CN"]!, /^[0-9a-f]{64}$/);
    assert.notEqual(c.noticeHash["zh-CN"], c.noticeHash.en);
    assert.equal((await t.json<{ code: string }>("GET", "/api/v1/widget/nope/config")).body.code, "NOT_FOUND");
  });
});

describe("subject tokens", () => {
  it("are minted only for a known subject and app", async () => {
    const unknownSubject = await t.json<{ code: string }>("POST", "/api/v1/widget/tokens", { as: key, body: { subjectId: "nobody", app: "shop" } });
    assert.deepEqual([unknownSubject.status, unknownSubject.body.code], [404, "NOT_FOUND"]);
    const unknownApp = await t.json<{ code: string }>("POST", "/api/v1/widget/tokens", { as: key, body: { subjectId: f.adult, app: "nope" } });
    assert.deepEqual([unknownApp.status, unknownApp.body.code], [422, "UNKNOWN_REFERENCE"]);
    const tooLong = await t.json<{ code: string }>("POST", "/api/v1/widget/tokens", { as: key, body: { subjectId: f.adult, app: "shop", ttlSeconds: 86_401 } });
    assert.equal(tooLong.status, 400);
  });

  it("answer 401 with a code when missing, tampered, expired or for another app", async () => {
    const token = await mint(f.adult, "shop", 600);
    const state = (tok: string | undefined, app = "shop") =>
      t.json<{ code: string }>("GET", `/api/v1/widget/${app}/state`, tok === undefined ? {} : { headers: { "x-pipguard-token": tok } });
    assert.equal((await state(token)).status, 200);
    const [p, body, mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), s: f.guardian })).toString("base64url");
    const cases: [string | undefined, string, string][] = [
      [undefined, "shop", "WIDGET_TOKEN_INVALID"],
      ["garbage", "shop", "WIDGET_TOKEN_INVALID"],
      [`${p}.${forged}.${mac}`, "shop", "WIDGET_TOKEN_INVALID"],
      [`${p}.${body}.${mac!.slice(0, -2)}AA`, "shop", "WIDGET_TOKEN_INVALID"],
      [token, "blog", "WIDGET_TOKEN_INVALID"],
    ];
    for (const [tok, app, code] of cases) {
      const r = await state(tok, app);
      assert.deepEqual([r.status, r.body.code], [401, code], String(tok).slice(0, 12));
    }
    nowMs += 601_000;
    const expired = await state(token);
    assert.deepEqual([expired.status, expired.body.code], [401, "WIDGET_TOKEN_EXPIRED"]);
    const choices = await choose(token, [{ purpose: "newsletter", choice: "agree" }]);
    assert.deepEqual([choices.status, choices.body.code], [401, "WIDGET_TOKEN_EXPIRED"]);
  });
});

describe("browser access", () => {
  it("answers CORS for allowed origins only, also on errors and preflights", async () => {
    const ok = await t.request("GET", "/api/v1/widget/shop/config", { headers: { origin: ORIGIN } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
    const everyApp = await t.request("GET", "/api/v1/widget/blog/config", { headers: { origin: "https://all.example.cn" } });
    assert.equal(everyApp.headers.get("access-control-allow-origin"), "https://all.example.cn");
    const otherApp = await t.json<{ code: string }>("GET", "/api/v1/widget/blog/config", { headers: { origin: ORIGIN } });
    assert.deepEqual([otherApp.status, otherApp.body.code], [403, "ORIGIN_NOT_ALLOWED"]);
    assert.equal(otherApp.res.headers.get("access-control-allow-origin"), null);
    const evil = await t.json<{ code: string }>("POST", "/api/v1/widget/shop/choices", { headers: { origin: "https://evil.example" }, body: {} });
    assert.deepEqual([evil.status, evil.body.code], [403, "ORIGIN_NOT_ALLOWED"]);
    const noToken = await t.request("GET", "/api/v1/widget/shop/state", { headers: { origin: ORIGIN } });
    assert.equal(noToken.status, 401);
    assert.equal(noToken.headers.get("access-control-allow-origin"), ORIGIN, "the widget can read the problem code");
    const pre = await t.request("OPTIONS", "/api/v1/widget/shop/choices", {
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-pipguard-token" },
    });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get("access-control-allow-headers") ?? "", /X-Pipguard-Token/i);
    assert.equal(pre.headers.get("access-control-allow-origin"), ORIGIN);
    const preEvil = await t.request("OPTIONS", "/api/v1/widget/shop/choices", { headers: { origin: "https://evil.example" } });
    assert.equal(preEvil.status, 403);
    // The backend-only token route never answers CORS.
    const tok = await t.request("POST", "/api/v1/widget/tokens", { as: key, headers: { origin: ORIGIN }, body: { subjectId: f.adult, app: "shop" } });
    assert.equal(tok.headers.get("access-control-allow-origin"), null);
  });

  it("serves the built widget with caching headers and revalidation", async () => {
    const js = await t.request("GET", "/sdk/pipguard-consent.js");
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /javascript/);
    assert.match(js.headers.get("cache-control") ?? "", /public, max-age=\d+/);
    assert.match(await js.text(), /PipguardConsent/);
    const again = await t.request("GET", "/sdk/pipguard-consent.js", { headers: { "if-none-match": js.headers.get("etag") ?? "" } });
    assert.equal(again.status, 304);
    const esm = await t.request("GET", "/sdk/pipguard-consent.mjs");
    assert.equal(esm.headers.get("access-control-allow-origin"), "*");
    assert.equal((await t.request("GET", "/sdk/other.js")).status, 400);
  });
});

describe("choices", () => {
  it("records a separate grant and a refusal on channel widget with the notice hash, and the governor stops asking", async () => {
    const token = await mint(f.adult);
    const c = await config();
    const r = await choose(token, [
      { purpose: "face_login", choice: "agree" },
      { purpose: "newsletter", choice: "refuse" },
      { purpose: "kids_club", choice: "dismiss" },
    ]);
    assert.equal(r.status, 200);
    const by = new Map(r.body.purposes.map((p) => [p.purpose, p]));
    assert.deepEqual([by.get("face_login")?.allow, by.get("face_login")?.kind], [true, "separate"]);
    assert.deepEqual([by.get("newsletter")?.allow, by.get("newsletter")?.ask, by.get("newsletter")?.askReason], [false, false, "refused_recently"]);
    assert.deepEqual([by.get("kids_club")?.state, by.get("kids_club")?.ask], [null, true], "a dismissal is no consent and no refusal");
    const events = await t.json<{ events: { purpose: string; action: string; kind: string; channel: string; noticeHash: string }[] }>(
      "GET",
      `/api/v1/subjects/${f.adult}/consents`,
      { as: key },
    );
    const widgetEvents = events.body.events.filter((e) => e.channel === "widget");
    assert.deepEqual(widgetEvents.map((e) => [e.purpose, e.action, e.kind]).sort(), [
      ["face_login", "grant", "separate"],
      ["newsletter", "refuse", "general"],
    ]);
    assert.ok(widgetEvents.every((e) => e.noticeHash === c.noticeHash["zh-CN"]));
    const prompts = await t.json<{ items: { target: string; outcome: string }[] }>("GET", `/api/v1/subjects/${f.adult}/prompts`, { as: key });
    assert.deepEqual(prompts.body.items.map((p) => `${p.target}:${p.outcome}`).sort(), ["face_login:granted", "kids_club:dismissed", "newsletter:refused"]);
    // Refusing what is in force withdraws it (as easy as consenting, PIPL Art. 15).
    const w = await choose(token, [{ purpose: "face_login", choice: "refuse" }]);
    assert.equal(w.body.purposes.find((p) => p.purpose === "face_login")?.state, "withdraw");
    const d = await t.json<{ allow: boolean; reason: string }>("POST", "/api/v1/decisions", { as: key, body: { subjectId: f.adult, purpose: "face_login" } });
    assert.deepEqual([d.body.allow, d.body.reason], [false, "withdrawn"]);
  });

  it("refuses a stale notice, a purpose not shown, and a child's agreement without a guardian on record", async () => {
    const token = await mint(f.adult);
    const stale = await choose(token, [{ purpose: "newsletter", choice: "agree" }], { noticeHash: "0".repeat(64) });
    assert.deepEqual([stale.status, stale.body.code], [409, "POLICY_VERSION_NOT_CURRENT"]);
    const wrongLocale = await choose(token, [{ purpose: "newsletter", choice: "agree" }], { locale: "en" });
    assert.equal(wrongLocale.status, 409, "the hash must be the one of the locale shown");
    const dismissStale = await choose(token, [{ purpose: "newsletter", choice: "dismiss" }], { noticeHash: "0".repeat(64) });
    assert.equal(dismissStale.status, 200, "closing the dialog never fails on a changed notice");
    const delivery = await choose(token, [{ purpose: "delivery", choice: "agree" }]);
    assert.deepEqual([delivery.status, delivery.body.code], [422, "UNKNOWN_PURPOSE"]);
    const dup = await choose(token, [
      { purpose: "newsletter", choice: "agree" },
      { purpose: "newsletter", choice: "refuse" },
    ]);
    assert.equal(dup.status, 400);
    const orphan = await choose(await mint(f.orphan), [{ purpose: "newsletter", choice: "agree" }]);
    assert.deepEqual([orphan.status, orphan.body.code], [422, "GUARDIAN_CONSENT_REQUIRED"]);
  });

  it("records a child's choices as the guardian's consent", async () => {
    const token = await mint(f.child);
    const s = await t.json<State>("GET", "/api/v1/widget/shop/state", { headers: { "x-pipguard-token": token } });
    assert.equal(s.body.under14, true);
    const r = await choose(token, [{ purpose: "newsletter", choice: "agree" }], { guardian: true });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.purposes.filter((p) => p.purpose === "newsletter").map((p) => [p.kind, p.allow]),
      [["guardian", true]],
    );
  });
});

describe("rate limit", () => {
  it("answers 429 RATE_LIMITED with Retry-After past the per-address limit", async () => {
    const small = await createTestApp({ users: false, config: { PIPGUARD_WIDGET_RATE_LIMIT: "3" } });
    try {
      await setupConsentFixture(small.ctx);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await small.request("GET", "/api/v1/widget/shop/config")).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const r = await small.json<{ code: string }>("GET", "/api/v1/widget/shop/state");
      assert.equal(r.body.code, "RATE_LIMITED");
      assert.ok(Number(r.res.headers.get("retry-after")) > 0);
    } finally {
      await small.dispose();
    }
  });
});
