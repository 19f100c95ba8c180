/**
 * The consent widget end to end in real Chromium: an operator's page on its own origin mints a
 * subject token on its "backend" and loads /sdk/pipguard-consent.js from pipguard on another origin.
 * PIPGUARD_SCREENSHOTS=1 saves the dialog (zh-CN and en) to docs/screenshots/.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { Page } from "playwright-core";
import { consentArea } from "../consent/index.js";
import { type ConsentFixture, setupConsentFixture } from "../consent/testing.js";
import { launchChromium, type TestBrowser } from "../testing/browser.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";

const SHOTS = process.env.PIPGUARD_SCREENSHOTS === "1" ? fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url)) : undefined;

let t: TestApp;
let f: ConsentFixture & { unknownAge: string; adult2: string; late: string };
let key: { apiKey: string };
let pipguard: ReturnType<typeof serve>;
let pg: string;
let site: Server;
let siteUrl: string;
let browser: TestBrowser;

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));

/** The operator's page: its backend mints a token for the signed-in user and embeds the widget. */
async function sitePage(url: URL): Promise<string> {
  const subjectId = f[url.searchParams.get("who") as keyof typeof f];
  const minted = await t.json<{ token: string }>("POST", "/api/v1/widget/tokens", { as: key, body: { subjectId, app: "shop" } });
  const opts = JSON.stringify({ app: "shop", token: minted.body.token, locale: url.searchParams.get("locale") ?? "zh-CN" });
  const esm = url.searchParams.get("esm") === "1";
  const wire = `window.changes = [];
w.on("change", (d) => window.changes.push(d.purposes.map((p) => p.purpose + ":" + p.allow).join(",")));
document.getElementById("manage").addEventListener("click", (e) => { e.preventDefault(); w.show({ force: true }); });`;
  const load = esm
    ? `<script type="module">import { init } from "${pg}/sdk/pipguard-consent.mjs"; window.w = init({ ...${opts}, server: "${pg}" }); ${wire}</script>`
    : `<script src="${pg}/sdk/pipguard-consent.js"></script><script>window.w = PipguardConsent.init(${opts}); ${wire}</script>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>示例商城</title></head>
<body><h1>示例商城 Demo Shop</h1><p><a href="#" id="manage">管理我的授权 / Manage my choices</a></p>${load}</body></html>`;
}

before(async () => {
  site = createServer((req, res) => {
    sitePage(new URL(req.url ?? "/", siteUrl)).then(
      (html) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html),
      () => res.writeHead(500).end(),
    );
  });
  siteUrl = `http://127.0.0.1:${await listen(site)}`;
  t = await createTestApp({ users: false, config: { PIPGUARD_WIDGET_ORIGINS: `shop=${siteUrl}` } });
  const base = await setupConsentFixture(t.ctx);
  const subjects = consentArea(t.ctx).subjects;
  f = {
    ...base,
    unknownAge: (await subjects.create({})).id,
    adult2: (await subjects.create({ ageBand: "adult" })).id,
    late: (await subjects.create({ ageBand: "adult" })).id,
  };
  key = { apiKey: (await t.ctx.auth.createApiKey({ name: "backend", scopes: ["consent:read", "consent:write"], createdBy: null })).secret };
  pipguard = serve({ fetch: t.app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((resolve) => pipguard.once("listening", resolve));
  pg = `http://127.0.0.1:${(pipguard.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => pipguard?.close(resolve));
  await new Promise((resolve) => site?.close(resolve));
  await t?.dispose();
});

async function open(query: string): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 720, height: 900 });
  await page.goto(`${siteUrl}/?${query}`);
  return page;
}
const dialog = (page: Page) => page.locator("pipguard-consent [role=dialog]");
const shownPurposes = async (page: Page) =>
  (await page.locator("pipguard-consent li[data-purpose]").evaluateAll((els) => els.map((e) => e.getAttribute("data-purpose")))).sort();
const choice = (page: Page, purpose: string, c: "agree" | "refuse") => page.locator(`pipguard-consent button[data-p="${purpose}"][data-c="${c}"]`);
const closed = (page: Page) => page.locator("pipguard-consent").waitFor({ state: "detached" });
const widgetEvents = async (subjectId: string) =>
  (
    await t.json<{ events: { purpose: string; action: string; kind: string; channel: string; noticeHash: string }[] }>(
      "GET",
      `/api/v1/subjects/${subjectId}/consents`,
      {
        as: key,
      },
    )
  ).body.events.filter((e) => e.channel === "widget");

describe("consent widget in Chromium", () => {
  it("shows every purpose unchosen, records a separate grant and a refusal, and does not re-prompt after the refusal", async () => {
    const page = await open("who=adult");
    await dialog(page).waitFor();
    assert.equal(await dialog(page).getAttribute("aria-modal"), "true");
    assert.equal(await page.locator("pipguard-consent h2").textContent(), "个人信息使用授权");
    assert.deepEqual(await shownPurposes(page), ["face_login", "kids_club", "newsletter"]);
    const pressed = await page.locator("pipguard-consent button[aria-pressed]").evaluateAll((els) => els.map((e) => e.getAttribute("aria-pressed")));
    assert.deepEqual(pressed, Array(6).fill("false"), "nothing pre-selected");
    assert.match((await page.locator('pipguard-consent li[data-purpose="face_login"]').textContent()) ?? "", /单独同意/);
    const [agreeBox, refuseBox] = [await choice(page, "face_login", "agree").boundingBox(), await choice(page, "face_login", "refuse").boundingBox()];
    assert.deepEqual([refuseBox?.width, refuseBox?.height], [agreeBox?.width, agreeBox?.height], "refuse is as prominent as agree");
    assert.equal(await page.locator('pipguard-consent button[data-action="save"]').isDisabled(), true);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}widget-zh.png` });
    }
    // Keyboard: focus starts in the dialog and Tab never leaves it.
    for (let i = 0; i < 15; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate("document.activeElement?.tagName"), "PIPGUARD-CONSENT");

    await choice(page, "face_login", "agree").click();
    await choice(page, "newsletter", "refuse").click();
    assert.equal(await choice(page, "face_login", "agree").getAttribute("aria-pressed"), "true");
    await page.locator('pipguard-consent button[data-action="save"]').click();
    await closed(page);
    assert.deepEqual(await page.evaluate(() => [w.can("face_login"), w.can("newsletter"), w.can("kids_club"), changes.length]), [true, false, false, 1]);

    const d = await t.json<{ items: { purpose: string; allow: boolean; reason: string }[] }>("POST", "/api/v1/decisions", {
      as: key,
      body: {
        items: [
          { subjectId: f.adult, purpose: "face_login", app: "shop" },
          { subjectId: f.adult, purpose: "newsletter", app: "shop" },
        ],
      },
    });
    assert.deepEqual(
      d.body.items.map((i) => [i.purpose, i.allow, i.reason]),
      [
        ["face_login", true, "consent_given"],
        ["newsletter", false, "no_consent"],
      ],
    );
    assert.deepEqual((await widgetEvents(f.adult)).map((e) => [e.purpose, e.action, e.kind]).sort(), [
      ["face_login", "grant", "separate"],
      ["newsletter", "refuse", "general"],
    ]);

    // Reload: the refused purpose is not asked again (48 h), the granted one needs no asking.
    await page.reload();
    await page.locator("pipguard-consent li[data-purpose]").first().waitFor();
    assert.deepEqual(await shownPurposes(page), ["kids_club"]);
    assert.deepEqual(await page.evaluate(() => [w.can("face_login"), w.can("newsletter")]), [true, false]);
    await page.keyboard.press("Escape");
    await closed(page);
    assert.equal((await widgetEvents(f.adult)).length, 2, "Esc records no consent");

    // A click on "manage my choices" shows everything again, with the current state.
    await page.locator("#manage").click();
    await dialog(page).waitFor();
    assert.deepEqual(await shownPurposes(page), ["face_login", "kids_club", "newsletter"]);
    assert.match((await page.locator('pipguard-consent li[data-purpose="newsletter"]').textContent()) ?? "", /当前：未同意/);
    await page.keyboard.press("Escape");
    await closed(page);
    await page.context().close();
  });

  it("hands a child's choices to a guardian and records guardian consent", async () => {
    const page = await open("who=child");
    await dialog(page).waitFor();
    assert.equal(await page.locator("pipguard-consent h2").textContent(), "请父母或其他监护人作出选择");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}widget-guardian-zh.png` });
    await page.getByRole("button", { name: "我是监护人，继续" }).click();
    await choice(page, "newsletter", "agree").click();
    await page.locator('pipguard-consent button[data-action="save"]').click();
    await closed(page);
    assert.equal(await page.evaluate(() => w.can("newsletter")), true);
    assert.deepEqual(
      (await widgetEvents(f.child)).map((e) => [e.purpose, e.action, e.kind]),
      [["newsletter", "grant", "guardian"]],
    );
    const d = await t.json<{ allow: boolean; reason: string }>("POST", "/api/v1/decisions", { as: key, body: { subjectId: f.child, purpose: "newsletter" } });
    assert.deepEqual([d.body.allow, d.body.reason], [true, "consent_given"]);
    await page.context().close();
  });

  it("asks the age when nobody knows it, and an under-14 answer leads to the guardian", async () => {
    const page = await open("who=unknownAge");
    await dialog(page).waitFor();
    assert.equal(await page.locator("pipguard-consent h2").textContent(), "您是否已满 14 周岁？");
    await page.getByRole("button", { name: "未满 14 周岁" }).click();
    await page.getByRole("button", { name: "我是监护人，继续" }).click();
    await choice(page, "newsletter", "agree").click();
    await page.locator('pipguard-consent button[data-action="save"]').click();
    await closed(page);
    assert.deepEqual(
      (await widgetEvents(f.unknownAge)).map((e) => [e.purpose, e.kind]),
      [["newsletter", "guardian"]],
    );
    await page.context().close();
  });

  it("works in English as an ES module and records the English notice's hash", async () => {
    const page = await open("who=adult2&locale=en&esm=1");
    await dialog(page).waitFor();
    assert.equal(await page.locator("pipguard-consent h2").textContent(), "How we use your personal information");
    assert.equal(await dialog(page).getAttribute("lang"), "en");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}widget-en.png` });
    await choice(page, "newsletter", "refuse").click();
    await page.locator('pipguard-consent button[data-action="save"]').click();
    await closed(page);
    const cfg = await t.json<{ noticeHash: { en: string } }>("GET", "/api/v1/widget/shop/config");
    assert.deepEqual(
      (await widgetEvents(f.adult2)).map((e) => [e.purpose, e.action, e.noticeHash]),
      [["newsletter", "refuse", cfg.body.noticeHash.en]],
    );
    await page.context().close();
  });
});

describe("consent widget when the notice changes while it is open", () => {
  it("records nothing against the old notice and shows the new one", async () => {
    const page = await open("who=late");
    await dialog(page).waitFor();
    assert.match((await page.locator("pipguard-consent a").first().textContent()) ?? "", /第 1 版/);
    await consentArea(t.ctx).policies.publish(f.policyId, { content: "第二版\n我们收集手机号用于登录和配送。\n", changeSummary: "措辞" });
    await choice(page, "newsletter", "agree").click();
    await page.locator('pipguard-consent button[data-action="save"]').click();
    await page.locator("pipguard-consent a", { hasText: "第 2 版" }).waitFor();
    assert.equal((await widgetEvents(f.late)).length, 0);
    await choice(page, "newsletter", "agree").click();
    await page.locator('pipguard-consent button[data-action="save"]').click();
    await closed(page);
    const events = await t.json<{ events: { purpose: string; policyVersion: number; channel: string }[] }>("GET", `/api/v1/subjects/${f.late}/consents`, {
      as: key,
    });
    assert.deepEqual(
      events.body.events.map((e) => [e.purpose, e.policyVersion, e.channel]),
      [["newsletter", 2, "widget"]],
    );
    await page.context().close();
  });
});

declare global {
  var w: { can(p: string): boolean; ready: Promise<void> };
  var changes: string[];
}
