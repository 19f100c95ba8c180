import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./types.js";

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pipguard — 个人信息保护平台</title>
<style>
  body { font: 16px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
  h1 { font-size: 1.6rem; margin-bottom: .2rem; }
  .en { color: #555; }
  code { background: #f3f3f3; padding: .1rem .3rem; border-radius: 3px; }
  li { margin: .4rem 0; }
</style>
</head>
<body>
<h1>pipguard <span class="en">个人信息保护平台</span></h1>
<p>本服务正在运行。个人信息处理活动管理、同意管理、个人权利请求与合规审计的 API 位于 <code>/api/v1</code>。<br>
<span class="en">This pipguard server is running. Its API lives under <code>/api/v1</code>.</span></p>
<ul>
  <li><a href="/admin/">管理控制台 / Admin console</a></li>
  <li><a href="/privacy-center">隐私中心 / Privacy center</a> — 个人查阅隐私政策、管理同意、行使个人信息权利。<br>
  <span class="en">For people whose data you hold: read the rules, manage consents, file rights requests.</span></li>
  <li><a href="/openapi.json">OpenAPI 3.1 接口说明 / API description</a></li>
  <li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> — 运行与就绪状态 / liveness and readiness</li>
  <li>首次使用：用启动时打印的一次性令牌调用 <code>POST /api/v1/setup</code>，或运行 <code>npm run pipguard -- admin create --username admin</code>。<br>
  <span class="en">First run: create the first admin with the one-time setup token printed at start, or with the CLI.</span></li>
</ul>
</body>
</html>`;

/** A plain page at `/` so a person opening the server in a browser sees where to go (no data on it). */
export function registerLanding(app: OpenAPIHono<AppEnv>): void {
  app.get("/", (c) => c.html(PAGE, 200, { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" }));
}
