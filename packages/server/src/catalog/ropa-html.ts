/**
 * The record of processing activities as one printable HTML page: zh-CN first with the English
 * beside it, every value HTML-escaped, no scripts, styles inline so it prints the same offline.
 */
import type { RecordOfProcessing, RopaActivity } from "@pipguard/core";
import { ACTION_LABELS, type Bilingual, CONSENT_LABELS, formatPeriod, NECESSITY_LABELS, RECIPIENT_LABELS, TRIGGER_LABELS, YES_NO } from "./ropa-labels.js";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const e = escapeHtml;
const bi = (l: Bilingual) => `${e(l.zh)} <span class="en" lang="en">${e(l.en)}</span>`;
const label = (zh: string, en: string) => `<th scope="row">${e(zh)}<br><span class="en" lang="en">${e(en)}</span></th>`;
const list = (items: string[]) => (items.length === 0 ? "—" : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`);

const STYLE = `
body{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;font-size:11pt;color:#111;margin:2em}
h1{font-size:18pt;margin:0 0 .2em}h2{font-size:13pt;margin:1.4em 0 .4em;border-bottom:1px solid #999;break-after:avoid}
.en{color:#555;font-size:.9em}table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}th[scope=row]{width:13em;background:#f4f4f4}
ul{margin:0;padding-left:1.2em}.warn{color:#8a4b00}section{break-inside:avoid-page}
@page{size:A4;margin:15mm}@media print{body{margin:0}a{color:inherit;text-decoration:none}}
`;

function activity(a: RopaActivity, n: number): string {
  const consent = `${bi(CONSENT_LABELS[a.consentKind])}${
    a.consentSufficient
      ? ""
      : ` <strong class="warn">（应取得：${e(CONSENT_LABELS[a.requiredConsentKind].zh)} <span lang="en">required: ${e(CONSENT_LABELS[a.requiredConsentKind].en)}</span>）</strong>`
  }`;
  const rows = [
    [label("处理目的", "Purpose"), `${e(a.purpose.nameZh)} <span class="en" lang="en">${e(a.purpose.nameEn)}</span> <code>${e(a.purpose.code)}</code>`],
    [label("说明", "Description"), a.purpose.description ? e(a.purpose.description) : "—"],
    [label("法律依据", "Legal basis"), `${e(a.legalBasis.zh)} <span class="en" lang="en">${e(a.legalBasis.en)}</span> (${e(a.legalBasis.article)})`],
    [label("必要性", "Necessity"), bi(NECESSITY_LABELS[a.necessity])],
    [label("同意方式", "Consent"), consent],
    [label("同意依据", "Consent rules"), list(a.consentReasons.map((r) => `${e(r.zh)} <span class="en" lang="en">${e(r.en)}</span> (${e(r.article)})`))],
    [label("敏感个人信息", "Sensitive PI"), bi(YES_NO(a.sensitive))],
    [
      label("个人信息类别", "PI categories"),
      list(a.piCategories.map((c) => `${e(c.zh)} <span class="en" lang="en">${e(c.en)}</span>${c.sensitive ? " ⚠ 敏感" : ""}`)),
    ],
    [label("字段", "Fields"), list(a.fields.map((f) => `<code>${e(f.ref)}</code>${f.sensitive ? " ⚠" : ""}`))],
    [label("存储位置", "Data stores"), list(a.stores.map((s) => `${e(s.name)} (${e(s.kind)}) — ${e(s.systemName)}`))],
    [
      label("接收方", "Recipients"),
      list(
        a.recipients.map(
          (r) =>
            `${e(r.name)} — ${bi(RECIPIENT_LABELS[r.kind])}, ${e(r.country)}${r.crossBorder ? ' <strong class="warn">跨境 <span lang="en">cross-border</span></strong>' : ""}`,
        ),
      ),
    ],
    [label("跨境提供", "Cross-border transfer"), bi(YES_NO(a.crossBorder))],
    [
      label("保存期限", "Retention"),
      list(
        a.retention.map((r) => {
          const p = formatPeriod(r.period);
          const law = r.legalReference ? ` [${e(r.legalReference)}]` : "";
          return `${e(p.zh)}，${e(TRIGGER_LABELS[r.trigger].zh)}，期满${e(ACTION_LABELS[r.action].zh)} <span class="en" lang="en">${e(p.en)} ${e(TRIGGER_LABELS[r.trigger].en)}, then ${e(ACTION_LABELS[r.action].en)}</span>${law}`;
        }),
      ),
    ],
    [label("自动化决策", "Automated decision"), bi(YES_NO(a.automatedDecision))],
    [label("不满十四周岁", "Children under 14"), bi(YES_NO(a.minorsUnder14))],
    [
      label("个人信息保护影响评估", "Impact assessment"),
      a.impactAssessment.required
        ? `${bi({ zh: "需要", en: "required" })}${list(a.impactAssessment.reasons.map((r) => `${e(r.zh)} <span class="en" lang="en">${e(r.en)}</span> (${e(r.article)})`))}`
        : bi({ zh: "不需要", en: "not required" }),
    ],
  ];
  return `<section><h2>${n}. ${e(a.purpose.nameZh)} <span class="en" lang="en">${e(a.purpose.nameEn)}</span></h2><table>${rows
    .map(([h, d]) => `<tr>${h}<td>${d}</td></tr>`)
    .join("")}</table></section>`;
}

/** The record as a complete, self-contained HTML document. */
export function renderRopaHtml(ropa: RecordOfProcessing): string {
  const org = ropa.organisation;
  const s = ropa.summary;
  const issues = ropa.issues.map(
    (i) => `<li><code>${e(i.code)}</code> <code>${e(i.path)}</code> — ${e(i.message)}${i.article ? ` (${e(i.article)})` : ""}</li>`,
  );
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(ropa.title.zh)} · ${e(ropa.title.en)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${e(ropa.title.zh)} <span class="en" lang="en">${e(ropa.title.en)}</span></h1>
<table>
<tr>${label("个人信息处理者", "Processor")}<td>${org ? `${e(org.nameZh)} <span class="en" lang="en">${e(org.nameEn)}</span>${org.contact ? ` — ${e(org.contact)}` : ""}` : "—"}</td></tr>
<tr>${label("生成时间", "Generated at")}<td>${e(ropa.generatedAt)}</td></tr>
<tr>${label("依据", "Basis")}<td>${list(ropa.basis.map((b) => `${e(b.article)}：${e(b.zh)} <span class="en" lang="en">${e(b.en)}</span>`))}</td></tr>
<tr>${label("概况", "Summary")}<td>处理目的 ${s.purposes} <span class="en" lang="en">purposes</span> · 字段 ${s.fields} <span class="en" lang="en">fields</span>（敏感 ${s.sensitiveFields} <span class="en" lang="en">sensitive</span>）· 存储 ${s.stores} <span class="en" lang="en">stores</span> · 接收方 ${s.recipients} <span class="en" lang="en">recipients</span>（境外 ${s.crossBorderRecipients} <span class="en" lang="en">abroad</span>）</td></tr>
</table></header>
<main>${ropa.activities.map((a, i) => activity(a, i + 1)).join("\n")}</main>
<section><h2>待处理事项 <span class="en" lang="en">Open issues</span></h2>${issues.length ? `<ul>${issues.join("")}</ul>` : '<p>无 <span class="en" lang="en">none</span></p>'}</section>
<footer><h2>分类来源 <span class="en" lang="en">Taxonomy source</span></h2><p>${e(ropa.taxonomy.source)}</p><p class="en" lang="en">${e(ropa.taxonomy.verification)}</p>${
    ropa.taxonomy.unverifiedCategoryIds.length
      ? `<p class="warn">待核对的类别 <span lang="en">categories awaiting verification</span>: ${ropa.taxonomy.unverifiedCategoryIds.map((c) => `<code>${e(c)}</code>`).join(", ")}</p>`
      : ""
  }</footer>
</body>
</html>
`;
}
