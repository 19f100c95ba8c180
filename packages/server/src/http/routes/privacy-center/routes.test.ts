import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { consentArea } from "../../../consent/index.js";
import { purgeExpiredSignIns } from "../../../privacy-center/sign-in.js";
import { ADULT_MOBILE, type CenterFixture, DEMO_APP, GUARDIAN_EMAIL, lastCode, seedCenter } from "../../../privacy-center/testing.js";
import { FormClient, type Page } from "../../../testing/form-client.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

const BASE = `/privacy-center/${DEMO_APP}`;

async function outboxCount(t: TestApp): Promise<number> {
  const r = await t.ctx.db.kysely
    .selectFrom("outbox_messages")
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Signs a person in through the forms; returns the consents page they land on. */
async function signIn(t: TestApp, b: FormClient, identity: string, clock?: FakeClock): Promise<Page> {
  // every test request comes from one address: step past the hourly sign-in limit
  clock?.advance(61 * 60_000);
  const form = await b.open(`${BASE}/sign-in`);
  const codePage = await b.submit(form, `${BASE}/sign-in`, { identity });
  assert.equal(codePage.url, `${BASE}/sign-in/code`);
  return b.submit(codePage, `${BASE}/sign-in/code`, { code: await lastCode(t.ctx) });
}

async function decision(t: TestApp, subjectId: string, purpose: string): Promise<boolean> {
  const r = await t.json<{ allow: boolean }>("POST", "/api/v1/decisions", { as: "admin", body: { subjectId, purpose, app: DEMO_APP } });
  assert.equal(r.status, 200);
  return r.body.allow;
}

const purposeBox = (html: string, code: string) => new RegExp(`<section class="purpose"[^>]*data-purpose="${code}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";

describe("privacy center pages (JavaScript off)", () => {
  let t: TestApp;
  let f: CenterFixture;
  const clock = new FakeClock("2026-11-20T02:00:00.000Z");
  before(async () => {
    t = await createTestApp({ clock });
    f = await seedCenter(t.ctx);
  });
  after(async () => {
    await t.dispose();
  });

  it("shows the rules in zh-CN by default, in English on ?lang=en, and remembers the choice", async () => {
    const b = new FormClient(t.app);
    let p = await b.open(BASE);
    assert.equal(p.status, 200);
    assert.match(p.html, /<html lang="zh-CN">/);
    assert.match(p.html, /隐私政策/);
    assert.match(p.html, new RegExp(`href="/p/${DEMO_APP}/privacy"`));
    assert.match(p.html, new RegExp(`href="/p/${DEMO_APP}/sdk"`));
    assert.match(p.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    assert.doesNotMatch(p.html, /<script/);
    p = await b.open(`${BASE}?lang=en`);
    assert.match(p.html, /<html lang="en">/);
    assert.match(p.html, /Privacy policy/);
    p = await b.open(`${BASE}/sign-in`);
    assert.match(p.html, /<html lang="en">/, "the language sticks through the cookie");
    assert.match(p.html, /<label for="identity">Mobile number or e-mail<\/label>/);
  });

  it("lists earlier policy versions after a new one is published", async () => {
    const { policies } = consentArea(t.ctx);
    const doc = await policies.find(DEMO_APP, "sdk_list");
    assert.ok(doc);
    await policies.publish(doc.id, { changeSummary: "second" });
    const p = await new FormClient(t.app).open(BASE);
    assert.match(p.html, new RegExp(`href="/p/${DEMO_APP}/sdk/1"`));
    assert.match(p.html, /第 2 版/);
  });

  it("answers an unknown app with a 404 page and sends /privacy-center to the only app", async () => {
    const b = new FormClient(t.app);
    assert.equal((await b.open("/privacy-center/no-such-app")).status, 404);
    const p = await b.open("/privacy-center");
    assert.equal(p.url, BASE);
  });

  it("signs in with a code and sets a short-lived HttpOnly subject cookie apart from staff sessions", async () => {
    const b = new FormClient(t.app);
    const p = await signIn(t, b, ADULT_MOBILE, clock);
    assert.equal(p.url, `${BASE}/consents`);
    assert.equal(p.status, 200);
    const cookie = b.setCookies.find((c) => c.startsWith("pipguard_subject="));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\/privacy-center/);
    assert.match(cookie, /Max-Age=1800/);
    // the subject cookie opens nothing of the staff API
    const api = await t.request("GET", `/api/v1/subjects/${f.adultId}`, { as: { cookie: `pipguard_subject=${b.cookies.get("pipguard_subject")}` } });
    assert.equal(api.status, 401);
    // and a staff session is no subject session
    const staff = await t.request("GET", `${BASE}/consents`, { as: "admin" });
    assert.equal(staff.status, 303);
  });

  it("answers an unknown person exactly like a known one and sends them nothing", async () => {
    clock.advance(61 * 60_000);
    const before_ = await outboxCount(t);
    const b = new FormClient(t.app);
    const form = await b.open(`${BASE}/sign-in`);
    const known = await b.submit(form, `${BASE}/sign-in`, { identity: ADULT_MOBILE });
    assert.equal(await outboxCount(t), before_ + 1);
    const b2 = new FormClient(t.app);
    const unknown = await b2.submit(await b2.open(`${BASE}/sign-in`), `${BASE}/sign-in`, { identity: "13900139000" });
    assert.equal(await outboxCount(t), before_ + 1, "no message for an unknown identity");
    assert.equal(unknown.url, known.url);
    const strip = (h: string) => h.replace(/value="[^"]*"/g, "");
    assert.equal(strip(unknown.html), strip(known.html));
    // whatever code is tried, the unknown person's challenge never opens a session
    const tried = await b2.submit(unknown, `${BASE}/sign-in/code`, { code: await lastCode(t.ctx) });
    assert.match(tried.url, /e=VERIFICATION_FAILED/);
    assert.equal(b2.cookies.has("pipguard_subject"), false);
  });

  it("gives a code 5 tries and 10 minutes", async () => {
    clock.advance(61 * 60_000);
    const b = new FormClient(t.app);
    const codePage = await b.submit(await b.open(`${BASE}/sign-in`), `${BASE}/sign-in`, { identity: ADULT_MOBILE });
    const code = await lastCode(t.ctx);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) await b.submit(codePage, `${BASE}/sign-in/code`, { code: wrong });
    const after5 = await b.submit(codePage, `${BASE}/sign-in/code`, { code });
    assert.match(after5.url, /e=VERIFICATION_FAILED/, "the right code fails after 5 wrong tries");
    assert.match(after5.html, /验证码错误或已失效|The code is wrong/);

    const b2 = new FormClient(t.app);
    const page2 = await b2.submit(await b2.open(`${BASE}/sign-in`), `${BASE}/sign-in`, { identity: GUARDIAN_EMAIL });
    const code2 = await lastCode(t.ctx);
    clock.advance(10 * 60_000 + 1);
    const late = await b2.submit(page2, `${BASE}/sign-in/code`, { code: code2 });
    assert.match(late.url, /e=VERIFICATION_FAILED/, "an expired code fails");
  });

  it("refuses form posts without the CSRF token or from another site", async () => {
    const b = new FormClient(t.app);
    const page = await signIn(t, b, ADULT_MOBILE, clock);
    const noToken = await b.post(`${BASE}/consents`, { purpose: "marketing_email", action: "grant" });
    assert.equal(noToken.status, 303);
    assert.match(noToken.headers.get("location") ?? "", /e=CSRF_TOKEN_INVALID/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? "";
    const crossSite = await b.post(`${BASE}/consents`, { csrf, purpose: "marketing_email", action: "grant" }, { origin: "https://evil.example" });
    assert.match(crossSite.headers.get("location") ?? "", /e=CSRF_TOKEN_INVALID/);
    assert.equal(await decision(t, f.adultId, "marketing_email"), false, "nothing was recorded");
    const preSignIn = await new FormClient(t.app).post(`${BASE}/sign-in`, { identity: ADULT_MOBILE });
    assert.match(preSignIn.headers.get("location") ?? "", /e=CSRF_TOKEN_INVALID/);
  });

  it("shows every purpose in plain words, separate consents apart, nothing pre-checked, and flips decisions at once", async () => {
    const b = new FormClient(t.app);
    let p = await signIn(t, b, ADULT_MOBILE, clock);
    assert.doesNotMatch(p.html, /checked/);
    const separate = /<section aria-labelledby="separate">[\s\S]*?<\/section>\s*<\/section>/.exec(p.html)?.[0] ?? "";
    for (const code of ["real_name_verification", "personalised_recommendation", "push_notifications"])
      assert.match(separate, new RegExp(`data-purpose="${code}"`));
    assert.doesNotMatch(separate, /data-purpose="marketing_email"/);
    assert.match(purposeBox(p.html, "personalised_recommendation"), /基于浏览记录推荐商品/);
    assert.match(purposeBox(p.html, "personalised_recommendation"), /向境外提供（第三十九条）/);
    assert.match(purposeBox(p.html, "order_fulfilment"), /下单、支付与配送/);
    assert.doesNotMatch(purposeBox(p.html, "order_fulfilment"), /<form/, "no button where no consent is needed");

    p = await b.submit(p, `${BASE}/consents`, {}, { pick: (h) => h.includes('value="push_notifications"') });
    assert.match(p.html, /已记录您的同意/);
    assert.match(purposeBox(p.html, "push_notifications"), /data-state="grant"/);
    assert.equal(await decision(t, f.adultId, "push_notifications"), true);
    const events = await consentArea(t.ctx).consent.repo.eventsOfSubject(f.adultId);
    assert.equal(events.at(-1)?.kind, "separate", "recorded as a separate consent (单独同意)");
    assert.equal(events.at(-1)?.channel, "privacy_center");

    p = await b.submit(p, `${BASE}/consents`, {}, { pick: (h) => h.includes('value="push_notifications"') });
    assert.match(p.html, /已撤回同意，立即生效/);
    assert.equal(await decision(t, f.adultId, "push_notifications"), false, "withdrawal is effective at once (PIPL Art. 15)");
  });

  it("takes no more steps to withdraw a consent or file a request than to give consent", async () => {
    const b = new FormClient(t.app);
    await signIn(t, b, ADULT_MOBILE, clock);
    const onPurpose = (code: string) => (h: string) => h.includes(`value="${code}"`);

    b.steps = 0;
    await b.submit(await b.open(`${BASE}/consents`), `${BASE}/consents`, {}, { pick: onPurpose("marketing_email") });
    const grantSteps = b.steps;
    assert.equal(await decision(t, f.adultId, "marketing_email"), true);

    b.steps = 0;
    await b.submit(await b.open(`${BASE}/consents`), `${BASE}/consents`, {}, { pick: onPurpose("marketing_email") });
    const withdrawSteps = b.steps;
    assert.equal(await decision(t, f.adultId, "marketing_email"), false);

    b.steps = 0;
    const filed = await b.submit(await b.open(`${BASE}/requests`), `${BASE}/requests`, { type: "deletion" });
    const requestSteps = b.steps;
    assert.match(filed.html, /data-status="in_progress"/);

    assert.equal(grantSteps, 2);
    assert.ok(withdrawSteps <= grantSteps, `withdraw ${withdrawSteps} > grant ${grantSteps}`);
    assert.ok(requestSteps <= grantSteps, `request ${requestSteps} > grant ${grantSteps}`);
  });

  it("files each request type, shows its status and due date, and downloads a ready export", async () => {
    const b = new FormClient(t.app);
    let p = await signIn(t, b, ADULT_MOBILE, clock);
    p = await b.open(`${BASE}/requests`);
    assert.match(p.html, /<fieldset><legend>请求类型<\/legend>/);
    assert.doesNotMatch(p.html, /checked/);
    p = await b.submit(p, `${BASE}/requests`, { type: "access", details: "请提供全部订单记录" });
    assert.match(p.html, /请求已提交并完成身份核验/);
    const id = /data-request="([^"]+)"/.exec(p.html)?.[1] ?? "";
    const row = await t.ctx.db.kysely.selectFrom("rights_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    assert.equal(row.type, "access");
    assert.equal(row.status, "in_progress");
    const detail = await b.open(`${BASE}/requests/${id}`);
    assert.match(detail.html, /处理中/);
    assert.match(detail.html, new RegExp(row.due_on));
    assert.doesNotMatch(detail.html, /下载我的数据/);

    const bad = await b.submit(p, `${BASE}/requests`, { type: "nonsense" });
    assert.match(bad.url, /e=VALIDATION_FAILED/);

    // staff complete it with an export package (what the connectors do)
    const { storeExport } = await import("../../../requests/exports.js");
    await t.ctx.db.kysely.transaction().execute((trx) => storeExport(t.ctx, trx, id, new Uint8Array([0x50, 0x4b, 3, 4, 1, 2])));
    const ready = await b.open(`${BASE}/requests/${id}`);
    assert.match(ready.html, /下载我的数据/);
    const zip = await t.app.request(`${BASE}/requests/${id}/export`, { headers: { cookie: `pipguard_subject=${b.cookies.get("pipguard_subject")}` } });
    assert.equal(zip.status, 200);
    assert.equal(zip.headers.get("content-type"), "application/zip");
    assert.deepEqual(new Uint8Array(await zip.arrayBuffer()), new Uint8Array([0x50, 0x4b, 3, 4, 1, 2]));

    // someone else cannot see or download it
    const other = new FormClient(t.app);
    await signIn(t, other, GUARDIAN_EMAIL, clock);
    assert.equal((await other.open(`${BASE}/requests/${id}`)).status, 404);
    const stolen = await t.app.request(`${BASE}/requests/${id}/export`, { headers: { cookie: `pipguard_subject=${other.cookies.get("pipguard_subject")}` } });
    assert.equal(stolen.status, 404);
  });

  it("lets a guardian manage a child's consents and requests, and nobody else", async () => {
    const b = new FormClient(t.app);
    let p = await signIn(t, b, GUARDIAN_EMAIL, clock);
    assert.match(p.html, /我监护的未满十四周岁的孩子 1/);
    p = await b.open(`${BASE}/consents?for=${f.childId}`);
    assert.match(p.html, /您正在代孩子 1 操作/);
    p = await b.submit(p, `${BASE}/consents`, {}, { pick: (h) => h.includes('value="marketing_email"') });
    assert.match(p.url, new RegExp(`for=${f.childId}`));
    assert.equal(await decision(t, f.childId, "marketing_email"), true);
    const last = (await consentArea(t.ctx).consent.repo.eventsOfSubject(f.childId)).at(-1);
    assert.equal(last?.kind, "guardian", "recorded as the guardian's consent (PIPL Art. 31)");

    p = await b.submit(await b.open(`${BASE}/requests?for=${f.childId}`), `${BASE}/requests`, { type: "deletion" });
    assert.match(p.html, /代孩子提交/);
    const link = await t.ctx.db.kysely.selectFrom("subject_request_links").selectAll().where("subject_id", "=", f.childId).executeTakeFirstOrThrow();
    assert.equal(link.filed_by_subject_id, f.guardianId);
    // the child's request is not on the guardian's own list
    assert.doesNotMatch((await b.open(`${BASE}/requests`)).html, /代孩子提交/);

    // a stranger cannot act for the child
    const stranger = new FormClient(t.app);
    await signIn(t, stranger, ADULT_MOBILE, clock);
    const denied = await stranger.open(`${BASE}/consents?for=${f.childId}`);
    assert.equal(denied.status, 403);
    assert.match(denied.html, /您无权进行该操作/);
    assert.doesNotMatch(denied.html, /data-purpose=/);
  });

  it("signs out", async () => {
    const b = new FormClient(t.app);
    const p = await signIn(t, b, ADULT_MOBILE, clock);
    const out = await b.submit(p, `${BASE}/sign-out`);
    assert.match(out.html, /您已退出登录/);
    assert.equal((await b.open(`${BASE}/consents`)).url, `${BASE}/sign-in`);
  });

  it("ends a session after 30 minutes and the deadline job forgets it", async () => {
    const b = new FormClient(t.app);
    await signIn(t, b, ADULT_MOBILE, clock);
    clock.advance(29 * 60_000);
    assert.equal((await b.open(`${BASE}/consents`)).url, `${BASE}/consents`);
    clock.advance(2 * 60_000);
    assert.equal((await b.open(`${BASE}/consents`)).url, `${BASE}/sign-in`);
    clock.advance(86_400_000);
    await purgeExpiredSignIns(t.ctx);
    const left = await t.ctx.db.kysely.selectFrom("subject_sessions").select("id").execute();
    const codes = await t.ctx.db.kysely.selectFrom("subject_login_codes").select("id").execute();
    assert.deepEqual([left.length, codes.length], [0, 0]);
  });
});
