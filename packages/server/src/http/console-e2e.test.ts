// End to end in real Chromium: the built admin console (packages/console/dist) served by a real server.
// Run after `npm run build`. PIPGUARD_SCREENSHOTS=1 also saves the key pages to docs/screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { FakeClock } from "@pipguard/core/testing";
import type { Page } from "playwright-core";
import { consentArea } from "../consent/index.js";
import { setupConsentFixture } from "../consent/testing.js";
import { type RunningWorker, startWorker } from "../jobs/worker.js";
import { RequestService, setSubjectDataPort } from "../requests/index.js";
import type { SubjectDataPort, SubjectIdentity } from "../requests/subject-data-port.js";
import { launchChromium, type TestBrowser } from "../testing/browser.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const SHOTS = process.env.PIPGUARD_SCREENSHOTS === "1" ? join(ROOT, "docs", "screenshots") : undefined;
const CORPUS = join(ROOT, "packages", "core", "src", "audit", "corpus");
const PASSWORD = "console-e2e-password-1";
const REQUESTER = "wang.wu@example.cn";

/** The operator's database, in memory: one shop store whose rows belong to e-mail addresses. */
function memoryStore(): { port: SubjectDataPort; rows: Map<string, { table: string; email: string }[]> } {
  const rows = new Map([["shop", [REQUESTER, REQUESTER, "someone.else@example.cn"].map((email, i) => ({ table: i === 0 ? "users" : "orders", email }))]]);
  const mine = (store: string, who: SubjectIdentity) => (rows.get(store) ?? []).filter((r) => r.email === who.email);
  const perTable = (list: { table: string }[]) =>
    [...new Set(list.map((r) => r.table))].map((table) => ({ table, n: list.filter((r) => r.table === table).length }));
  return {
    rows,
    port: {
      stores: async () => [...rows.keys()],
      find: async (store, who) => ({ storeKey: store, tables: perTable(mine(store, who)).map((x) => ({ table: x.table, rows: [] })) }),
      erase: async (store, who, { dryRun }) => {
        const hits = mine(store, who);
        if (!dryRun)
          rows.set(
            store,
            (rows.get(store) ?? []).filter((r) => !hits.includes(r)),
          );
        return { storeKey: store, dryRun, tables: perTable(hits).map((x) => ({ table: x.table, action: "delete", rows: x.n })) };
      },
      correct: async () => {
        throw new Error("not used");
      },
    },
  };
}

describe("admin console in Chromium", () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let close: () => Promise<void>;
  let worker: RunningWorker | undefined;
  let readKey: string;
  let policyId: string;
  const store = memoryStore();
  const clock = new FakeClock(new Date().toISOString());

  before(async () => {
    t = await createTestApp({ users: false, clock });
    for (const role of ["admin", "agent"] as const) await t.ctx.auth.createUser({ username: `e2e-${role}`, password: PASSWORD, role });
    setSubjectDataPort(t.ctx, store.port);
    readKey = (await t.ctx.auth.createApiKey({ name: "e2e", scopes: ["requests:read", "audit:write"], createdBy: null })).secret;
    policyId = (await seedHistory(t, clock)).policyId;
    const server = serve({ fetch: t.app.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    for (const name of ["13-self-start-forced-targeting", "02-location-reprompt-after-denial", "04-exit-on-permission-denial"]) {
      const trace = JSON.parse(readFileSync(join(CORPUS, `${name}.trace.json`), "utf8"));
      const res = await fetch(`${base}/api/v1/audit/inspections`, {
        method: "POST",
        headers: { authorization: `Bearer ${readKey}`, "content-type": "application/json" },
        body: JSON.stringify({ trace, batch: "2026-Q4" }),
      });
      assert.equal(res.status, 201);
    }
    // Fulfilment runs are jobs: a worker picks them up as in `pipguard serve`.
    worker = startWorker(t.ctx, { pollMs: 100, schedules: false, concurrency: 1 });
    browser = await launchChromium();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await worker?.stop();
    await close?.();
    await t?.dispose();
  });

  const signIn = async (page: Page, username: string) => {
    await page.goto(`${base}/admin/`);
    await page.getByLabel("用户名", { exact: true }).fill(username);
    await page.getByLabel("密码", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { level: 1, name: "概览" }).waitFor();
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  it("an admin signs in and sees the dashboard charts, in Chinese and in English", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // A refused script or style shows up as a console error naming the Content Security Policy.
    page.on("console", (m) => m.type() === "error" && /Content Security Policy|Refused/i.test(m.text()) && errors.push(m.text()));
    await signIn(page, "e2e-admin");
    await page.getByRole("img", { name: "各状态的请求数" }).waitFor();
    await page.getByRole("img", { name: "各目的同意率（近 30 天）" }).waitFor();
    await page.getByRole("img", { name: "审计问题（按标签）" }).waitFor();
    // Admin sees every section; the settings entry is there for the admin role.
    assert.ok(await page.getByRole("link", { name: "设置" }).isVisible());
    await shot(page, "console-dashboard");
    await page.getByRole("button", { name: "切换到英文" }).click();
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.getByRole("button", { name: "Switch to Chinese" }).click();

    // Every page of the navigation opens without an error alert.
    const pages: [string, string][] = [
      ["requests", "请求队列"],
      ["catalog/purposes", "数据目录"],
      ["catalog/fields", "数据目录"],
      ["catalog/recipients", "数据目录"],
      ["policies", "政策文档"],
      ["ledger", "同意记录"],
      ["audits", "应用审计"],
      ["access", "外包授权与访问日志"],
      ["settings", "设置"],
    ];
    for (const [route, heading] of pages) {
      await page.goto(`${base}/admin/#/${route}`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      // Everything the page loads has arrived (no "loading" left), then no error is shown.
      await page.locator("[aria-busy=true]").first().waitFor({ state: "detached" });
      assert.equal(await page.getByRole("alert").count(), 0, `${route} shows no error`);
    }
    await page.goto(`${base}/admin/#/catalog/purposes`);
    await page.getByRole("cell", { name: "face_login" }).waitFor();
    // Contractor access: the access log's chain is checked and reported intact (PIPL Art. 54).
    await page.goto(`${base}/admin/#/access`);
    await page.getByRole("status").filter({ hasText: '"ok": true' }).waitFor();
    await page.goto(`${base}/admin/#/ledger`);
    await page.getByRole("button", { name: "校验哈希链" }).click();
    await page.getByText("哈希链完整").waitFor();

    // Keyboard: following a navigation link moves focus to the new page's heading.
    await page.getByRole("link", { name: "权利请求" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "请求队列" }).waitFor();
    await page.locator("main h1:focus").waitFor();
    // A phone: nothing but the tables' own scroll boxes is wider than the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    for (const route of ["dashboard", "requests", "settings"]) {
      await page.goto(`${base}/admin/#/${route}`);
      await page.locator("main h1").waitFor();
      await page.waitForLoadState("networkidle");
      assert.ok(Number(await page.evaluate("document.documentElement.scrollWidth")) <= 375, `${route} fits a 375 px screen`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(`${base}/admin/#/policies/${policyId}`);
    await page.locator(".diff-add").first().waitFor();
    assert.match((await page.locator(".diff").textContent()) ?? "", /人脸识别/);
    await shot(page, "console-policy-diff");
    assert.deepEqual(errors, [], "no script errors (and no CSP violations) on the console");
    await ctx.close();
  });

  it("an agent runs a verified deletion request in the queue and completes it; the API shows it completed", async () => {
    // The requester files and verifies through the public API, with the code from the outbox.
    const submitted = await fetch(`${base}/api/v1/requests`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "deletion", channel: "email", contact: REQUESTER, details: "请删除我的账号数据" }),
    });
    assert.equal(submitted.status, 202);
    const { id } = (await submitted.json()) as { id: string };
    const message = (await new RequestService(t.ctx).messages(id)).find((m) => m.subject.includes("Verification code"));
    const code = /: (\d{6})\n/.exec(message?.text ?? "")?.[1];
    assert.ok(code, "the outbox holds the code");
    const verified = await fetch(`${base}/api/v1/requests/${id}/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
    assert.equal(verified.status, 200);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, "e2e-agent");
    // Navigation follows the role: an agent has no audit:read, so no audits entry.
    assert.equal(await page.getByRole("link", { name: "应用审计" }).count(), 0);
    await page.getByRole("link", { name: "权利请求" }).click();
    await page.getByRole("heading", { level: 1, name: "请求队列" }).waitFor();
    const row = page.locator(`tr[data-request-id="${id}"]`);
    await row.waitFor();
    assert.match((await row.getAttribute("class")) ?? "", /tone-ok/, "a fresh request is on track (green)");
    // The request received 40 days ago is past its 15 working days: red, marked overdue in words too.
    assert.match((await page.locator("tr.tone-overdue").first().textContent()) ?? "", /逾期/);
    await shot(page, "console-queue");
    await row.getByRole("link").click();
    await page.getByTestId("request-status").getByText("处理中").waitFor();
    await page.getByRole("button", { name: "预览执行（试运行）" }).click();
    const plan = page.getByRole("table", { name: "执行计划" });
    await plan.waitFor();
    assert.match((await plan.textContent()) ?? "", /orders.*delete.*1/);
    assert.equal(store.rows.get("shop")?.length, 3, "a dry run erases nothing");
    await shot(page, "console-request");
    await page.getByRole("button", { name: "执行并完成" }).click();
    await page.getByTestId("request-status").getByText("已完成").waitFor();

    const res = await fetch(`${base}/api/v1/requests/${id}`, { headers: { authorization: `Bearer ${readKey}` } });
    const body = (await res.json()) as { status: string; events: { kind: string }[] };
    assert.equal(body.status, "completed");
    assert.ok(body.events.some((e) => e.kind === "fulfilment"));
    assert.deepEqual(
      store.rows.get("shop")?.map((r) => r.email),
      ["someone.else@example.cn"],
    );
    await ctx.close();
  });

  it("an admin creates a purpose, a calendar override and an API key whose secret is shown once, then revokes it", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, "e2e-admin");
    await page.goto(`${base}/admin/#/catalog/purposes`);
    await page.getByRole("button", { name: "新建" }).click();
    await page.getByLabel("代码").fill("e2e_survey");
    await page.getByLabel("中文名称").fill("满意度调查");
    await page.getByLabel("英文名称").fill("Satisfaction survey");
    await page.getByLabel("合法性基础（PIPL 第 13 条）").selectOption("consent");
    await page.getByLabel("必要性").selectOption("optional");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("cell", { name: "e2e_survey" }).waitFor();
    await page.reload();
    await page.getByRole("cell", { name: "满意度调查" }).waitFor();

    await page.goto(`${base}/admin/#/settings`);
    await page.getByLabel("日期").fill("2030-10-12");
    await page.getByLabel("类型", { exact: true }).selectOption("adjusted_workday");
    await page.getByLabel("名称", { exact: true }).first().fill("国庆调休");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("cell", { name: "2030-10-12" }).waitFor();

    const keys = page.getByRole("region", { name: "API 密钥" });
    await keys.getByLabel("名称", { exact: true }).fill("e2e-reports");
    await keys.getByLabel("catalog:read").check();
    await keys.getByRole("button", { name: "新建" }).click();
    const secret = await keys.getByRole("textbox", { name: "API 密钥" }).inputValue();
    assert.match(secret, /^pgk_/);
    const listed = await fetch(`${base}/api/v1/catalog/purposes`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(listed.status, 200, "the shown secret works");
    await keys
      .getByRole("row", { name: /e2e-reports/ })
      .getByRole("button", { name: "吊销" })
      .click();
    await keys
      .getByRole("row", { name: /e2e-reports/ })
      .getByText("已吊销")
      .waitFor();
    assert.equal(
      (await fetch(`${base}/api/v1/catalog/purposes`, { headers: { authorization: `Bearer ${secret}` } })).status,
      401,
      "a revoked key stops working",
    );
    await ctx.close();
  });

  it("sends a signed-out browser to the login page when the session ends", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, "e2e-agent");
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("button", { name: "登录" }).waitFor();
    await page.goto(`${base}/admin/#/requests`);
    await page.getByLabel("用户名", { exact: true }).waitFor();
    await ctx.close();
  });
});

/** Two weeks of consent events (back-dated with the fake clock) and a second policy version, so the charts and diff have content. */
async function seedHistory(t: TestApp, clock: FakeClock): Promise<{ policyId: string }> {
  const now = clock.now().toISOString();
  const f = await setupConsentFixture(t.ctx);
  const area = consentArea(t.ctx);
  let n = 0;
  for (let day = 13; day >= 0; day--) {
    clock.set(new Date(Date.parse(now) - day * 86_400_000).toISOString());
    for (let i = 0; i < 3 + (day % 4); i++) {
      const s = await area.subjects.create({ identities: [{ type: "app_user_id", value: `e2e-${n++}` }], birthDate: "1990-01-01" });
      const face = i % 2 === 0;
      const purpose = face ? "face_login" : "newsletter";
      const kind = face ? "separate" : "general";
      const refuses = (i + day) % 3 === 0;
      await area.consent.record({
        subjectId: s.id,
        app: "shop",
        purpose,
        kind,
        action: refuses ? "refuse" : "grant",
        channel: "app",
        ...(refuses ? {} : { policyVersion: 1 }),
      });
      if (!refuses && (i + day) % 4 === 0) await area.consent.record({ subjectId: s.id, app: "shop", purpose, kind, action: "withdraw", channel: "app" });
    }
  }
  // Older requests, so the queue shows every deadline colour: overdue, due within 2 working days, on track.
  for (const [daysAgo, type] of [
    [40, "access"],
    [19, "correction"],
    [5, "copy"],
  ] as const) {
    clock.set(new Date(Date.parse(now) - daysAgo * 86_400_000).toISOString());
    const r = await t.json<{ id: string }>("POST", "/api/v1/requests", { body: { type, channel: "email", contact: `old.${daysAgo}@example.cn` } });
    const m = (await new RequestService(t.ctx).messages(r.body.id)).find((x) => x.subject.includes("Verification code"));
    await t.request("POST", `/api/v1/requests/${r.body.id}/verify`, { body: { code: /: (\d{6})\n/.exec(m?.text ?? "")?.[1] } });
  }
  clock.set(now);
  await area.policies.publish(f.policyId, {
    content: "第二版\n我们收集手机号用于登录。\n经你单独同意，我们使用人脸识别登录。\n",
    changeSummary: "新增人脸识别登录",
    materialChange: true,
  });
  return { policyId: f.policyId };
}
