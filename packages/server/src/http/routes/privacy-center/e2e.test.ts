// End to end in Debian's Chromium (playwright-core): a subject signs in with the code from the outbox,
// withdraws a consent in the privacy center and the decision API flips to deny; and the same pages
// work with JavaScript disabled. PIPGUARD_SCREENSHOTS=1 (scripts/screenshots.mjs) saves the key pages
// to docs/screenshots/ in zh-CN and English.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type ServerType, serve } from "@hono/node-server";
import type { Page } from "playwright-core";
import { ADULT_MOBILE, type CenterFixture, DEMO_APP, GUARDIAN_EMAIL, lastCode, seedCenter } from "../../../privacy-center/testing.js";
import { launchChromium, type TestBrowser } from "../../../testing/browser.js";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

const SHOTS = process.env.PIPGUARD_SCREENSHOTS === "1";
const SHOT_DIR = fileURLToPath(new URL("../../../../../../docs/screenshots/", import.meta.url));
const PHONE = { width: 390, height: 844 };

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOT_DIR}${name}.png`, fullPage: true });
}

describe("privacy center in Chromium", () => {
  let t: TestApp;
  let f: CenterFixture;
  let server: ServerType;
  let origin: string;
  let browser: TestBrowser;
  before(async () => {
    t = await createTestApp();
    f = await seedCenter(t.ctx);
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((r) => server.once("listening", () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.dispose();
  });

  const decide = async (purpose: string) => {
    const r = await t.json<{ allow: boolean }>("POST", "/api/v1/decisions", { as: "admin", body: { subjectId: f.adultId, purpose, app: DEMO_APP } });
    assert.equal(r.status, 200);
    return r.body.allow;
  };

  async function signIn(page: Page, identity: string, lang: "zh" | "en"): Promise<void> {
    await page.goto(`${origin}/privacy-center/${DEMO_APP}/sign-in?lang=${lang}`);
    await shot(page, `privacy-center-sign-in-${lang}`);
    await page.getByLabel(lang === "zh" ? "手机号或电子邮箱" : "Mobile number or e-mail").fill(identity);
    await page.getByRole("button", { name: lang === "zh" ? "发送验证码" : "Send code" }).click();
    await page.waitForURL(/\/sign-in\/code$/);
    await page.getByLabel(lang === "zh" ? "6 位验证码" : "6-digit code").fill(await lastCode(t.ctx));
    await page.getByRole("button", { name: lang === "zh" ? "登录" : "Sign in", exact: true }).click();
    await page.waitForURL(/\/consents/);
  }

  it("a subject signs in, withdraws a consent, and the decision API flips to deny", async () => {
    const ctx = await browser.newContext({ locale: "zh-CN" });
    const page = await ctx.newPage();
    await page.setViewportSize(PHONE);
    await signIn(page, ADULT_MOBILE, "zh");
    const box = page.locator('section[data-purpose="push_notifications"]');
    await box.getByRole("button", { name: "同意：订单与活动消息推送" }).click();
    await page.waitForURL(/ok=grant/);
    assert.equal(await decide("push_notifications"), true);
    await shot(page, "privacy-center-consents-zh");
    await page.locator('section[data-purpose="push_notifications"]').getByRole("button", { name: "撤回同意：订单与活动消息推送" }).click();
    await page.waitForURL(/ok=withdraw/);
    assert.match((await page.getByRole("status").textContent()) ?? "", /已撤回同意/);
    assert.equal(await decide("push_notifications"), false, "withdrawal is effective at once (PIPL Art. 15)");

    await page.goto(`${origin}/privacy-center/${DEMO_APP}/requests`);
    // keyboard: the skip link is the first stop, and the focus ring is visible
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    assert.equal(await focused.getAttribute("href"), "#main");
    // (runs in the page; the server's tsconfig has no DOM types)
    const outline = await focused.evaluate(
      (el) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el).outlineStyle,
    );
    assert.equal(outline, "solid");
    await shot(page, "privacy-center-request-form-zh");
    await page.getByLabel("删除我的个人信息").check();
    await page.getByRole("button", { name: "提交请求" }).click();
    await page.waitForURL(/ok=filed/);
    await page.locator("tr[data-request] a").first().click();
    await page.waitForURL(/\/requests\/[^/?]+$/);
    assert.equal(await page.locator("dd[data-status]").textContent(), "处理中");
    await shot(page, "privacy-center-request-status-zh");
    await ctx.close();
  });

  it("works with JavaScript disabled, in English", async () => {
    const ctx = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.setViewportSize(PHONE);
    await signIn(page, GUARDIAN_EMAIL, "en");
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal(await page.locator("input:checked").count(), 0, "nothing pre-checked");
    await page.locator('section[data-purpose="marketing_email"]').getByRole("button", { name: "Consent: Marketing e-mails" }).click();
    await page.waitForURL(/ok=grant/);
    await shot(page, "privacy-center-consents-en");
    await page.goto(`${origin}/privacy-center/${DEMO_APP}/requests`);
    await shot(page, "privacy-center-request-form-en");
    await page.getByLabel("Get a copy of my personal information").check();
    await page.getByRole("button", { name: "File request" }).click();
    await page.waitForURL(/ok=filed/);
    assert.match((await page.getByRole("status").textContent()) ?? "", /Request filed/);
    await page.locator("tr[data-request] a").first().click();
    assert.equal(await page.locator("dd[data-status]").textContent(), "In progress");
    await shot(page, "privacy-center-request-status-en");
    await ctx.close();
  });
});
