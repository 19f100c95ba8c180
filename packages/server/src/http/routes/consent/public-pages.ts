/**
 * Permanent public URLs of every policy version (PIPL Art. 17 para. 3: rules are public and easy to
 * consult and keep): /p/{app}/privacy (latest) and /p/{app}/privacy/{version}; likewise `children`
 * (儿童个人信息保护规则) and `sdk` (第三方SDK清单). Server-rendered HTML, every value escaped; the page's
 * own words are zh-CN with English beside them (the document is in the words the operator published).
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { escapeHtml } from "../../../catalog/index.js";
import { consentArea, type PolicyKind, type PolicyVersion } from "../../../consent/index.js";
import type { AppContext } from "../../../context.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

const PAGES: Record<string, { kind: PolicyKind; label: string }> = {
  privacy: { kind: "privacy_policy", label: "隐私政策 · Privacy policy" },
  children: { kind: "children_rules", label: "儿童个人信息保护规则 · Rules for children's personal information" },
  sdk: { kind: "sdk_list", label: "第三方SDK清单 · Third-party SDK list" },
};
const pageNames = Object.keys(PAGES) as [string, ...string[]];

const html = { content: { "text/html": { schema: z.string() } } };
const app = z.string().min(1).max(64);
const page = z.enum(pageNames);

const latest = secureRoute({
  method: "get",
  path: "/p/{app}/{page}",
  auth: "public",
  tags: ["public"],
  summary: "The current version of an app's privacy policy, children's rules or SDK list (HTML, zh-CN with English beside it)",
  request: { params: z.object({ app, page }) },
  responses: { 200: { description: "page", ...html }, ...errorResponses("public") },
});
const byVersion = secureRoute({
  method: "get",
  path: "/p/{app}/{page}/{version}",
  auth: "public",
  tags: ["public"],
  summary: "One version of an app's policy document, kept forever (HTML, zh-CN with English beside it)",
  request: { params: z.object({ app, page, version: z.coerce.number().int().min(1) }) },
  responses: { 200: { description: "page", ...html }, ...errorResponses("public") },
});

async function render(ctx: AppContext, appKey: string, pageName: string, version: number | undefined): Promise<string> {
  const { policies } = consentArea(ctx);
  const p = PAGES[pageName]!;
  const doc = await policies.find(appKey, p.kind);
  if (!doc?.currentVersion) throw new DomainError("NOT_FOUND", "no published document");
  const all = await policies.versions(doc.id);
  const v = all.find((x) => x.version === (version ?? doc.currentVersion));
  if (!v) throw new DomainError("NOT_FOUND", "no such version");
  return page_(doc.title, p.label, appKey, pageName, v, all, doc.currentVersion);
}

function page_(title: string, label: string, appKey: string, pageName: string, v: PolicyVersion, all: PolicyVersion[], current: number): string {
  const e = escapeHtml;
  const base = `/p/${encodeURIComponent(appKey)}/${pageName}`;
  const paragraphs = v.content
    .split(/\n{2,}/)
    .map((para) => `<p>${para.split("\n").map(e).join("<br>")}</p>`)
    .join("\n");
  const history = all
    .map(
      (x) =>
        `<li><a href="${e(`${base}/${x.version}`)}">第 ${x.version} 版 · Version ${x.version}</a> · 生效 Effective ${e(x.effectiveAt.slice(0, 10))}${x.materialChange ? " · 重大变更 Material change" : ""}${x.changeSummary ? ` · ${e(x.changeSummary)}` : ""}</li>`,
    )
    .join("\n");
  const notice =
    v.version === current
      ? ""
      : `<p class="old">这是历史版本。<a href="${e(base)}">查看现行版本</a> · This is an earlier version. <a href="${e(base)}">See the current one</a>.</p>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · 第 ${v.version} 版</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.7}.meta,.old{color:#555;font-size:.9rem}.old{background:#fff4d6;padding:.5rem}</style>
</head><body>
<header><p class="meta">${e(label)}</p><h1>${e(title)}</h1>
<p class="meta">第 ${v.version} 版 · Version ${v.version} · 生效日期 Effective ${e(v.effectiveAt.slice(0, 10))} · 发布于 Published ${e(v.publishedAt.slice(0, 10))} · SHA-256 <code>${e(v.contentHash)}</code></p></header>
${notice}
<main>
${paragraphs}
</main>
<footer><h2>版本历史 · Version history</h2><ul>
${history}
</ul></footer>
</body></html>`;
}

const HEADERS = { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" };

/** Registers the public policy pages. */
export function registerPublicPolicyPages(appHono: OpenAPIHono<AppEnv>): void {
  appHono.openapi(latest, async (c) => {
    const p = c.req.valid("param");
    return c.body(await render(c.get("ctx"), p.app, p.page, undefined), 200, { ...HEADERS, "Cache-Control": "public, max-age=60" });
  });
  appHono.openapi(byVersion, async (c) => {
    const p = c.req.valid("param");
    // A published version never changes, so it may be cached for long.
    return c.body(await render(c.get("ctx"), p.app, p.page, p.version), 200, { ...HEADERS, "Cache-Control": "public, max-age=86400" });
  });
}
