import type { AuditReport } from "../audit.js";
import { RULES } from "../rules.js";
import type { PiTrace } from "../trace.js";
import { TRACE_PI_TYPES } from "../vocab.js";
import { esc, fmtT, itemText, type Lang, SEVERITY_TEXT, STATUS_TEXT, timeline } from "./common.js";

const T = {
  title: { zh: "App 个人信息合规检测报告", en: "App personal-information compliance audit" },
  findings: { zh: "发现的问题", en: "Findings" },
  none: { zh: "未发现问题。", en: "No findings." },
  timeline: { zh: "证据时间线", en: "Evidence timeline" },
  checklist: { zh: "逐项检查", en: "Checklist" },
  disclosure: { zh: "隐私政策披露情况", en: "Policy disclosure of collected PI" },
  lint: { zh: "隐私政策内容检查（个人信息保护法第十七条）", en: "Privacy policy content (PIPL Art. 17)" },
  thresholds: { zh: "判定阈值", en: "Thresholds" },
  warnings: { zh: "输入警告", en: "Input warnings" },
  sdks: { zh: "检测到的第三方 SDK", en: "Third-party SDKs observed" },
  cols: {
    zh: ["问题", "规则", "认定方法条款", "严重程度", "主体", "个人信息", "证据 (seq)", "说明"],
    en: ["Label", "Rule", "Item", "Severity", "Party", "PI", "Evidence (seq)", "Message"],
  },
  app: { zh: ["应用", "包名", "版本", "开发者", "来源", "类型", "事件数"], en: ["App", "Package", "Version", "Developer", "Source", "Type", "Events"] },
} as const;

const DISCLOSURE: Record<string, Record<Lang, string>> = {
  clear: { zh: "明确", en: "clear" },
  vague: { zh: "笼统", en: "vague" },
  omitted: { zh: "未提及", en: "omitted" },
  incorrect: { zh: "与声明不符", en: "incorrect" },
};

const CSS = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222;max-width:1200px}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.fail{color:#b00020;font-weight:600}.pass{color:#1b7f3b}.not_applicable{color:#777}.needs_evidence{color:#a65f00}
.high{background:#fde7ea}.medium{background:#fff4e0}.low{background:#f3f7ff}code{font-size:.85rem}.muted{color:#666}`;

/** The audit report as one self-contained HTML page (no scripts, no external resources; all text escaped). */
export function renderAuditHtml(report: AuditReport, opts: { lang?: Lang; trace?: PiTrace } = {}): string {
  const lang = opts.lang ?? "zh";
  const a = report.app;
  const h: string[] = [];
  h.push(
    `<!doctype html><html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8"><title>${esc(T.title[lang])} — ${esc(a.name ?? "")}</title><style>${CSS}</style></head><body>`,
  );
  h.push(`<h1>${esc(T.title[lang])}</h1><table>`);
  const vals = [a.name, a.packageName, a.version, a.developer, a.source, a.appType, report.session.events];
  for (const [i, k] of T.app[lang].entries()) h.push(`<tr><th>${esc(k)}</th><td>${esc(vals[i] ?? "")}</td></tr>`);
  h.push("</table>");
  h.push(`<h2>${esc(T.findings[lang])} (${report.findings.length})</h2>`);
  if (report.findings.length === 0) h.push(`<p>${esc(T.none[lang])}</p>`);
  else {
    h.push(`<table><tr>${T.cols[lang].map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`);
    for (const f of report.findings) {
      const pis = f.piTypes.map((p) => TRACE_PI_TYPES[p]?.[lang] ?? p).join(", ");
      const more = f.evidenceCount > f.evidence.length ? ` (+${f.evidenceCount - f.evidence.length})` : "";
      h.push(
        `<tr class="${esc(f.severity)}"><td>${esc(f.label)}</td><td><code>${esc(f.ruleId)}</code></td><td>${esc(f.item ?? "")}</td><td>${esc(SEVERITY_TEXT[f.severity]?.[lang])}</td>` +
          `<td>${esc(f.sdkId ?? f.party ?? "")}</td><td>${esc(pis)}</td><td>${esc(f.evidence.join(", ") + more)}</td><td>${esc(f.message[lang])}</td></tr>`,
      );
    }
    h.push("</table>");
  }
  const tl = timeline(report, opts.trace);
  if (tl.length > 0) {
    h.push(`<h2>${esc(T.timeline[lang])}</h2><table><tr><th>seq</th><th>t</th><th>event</th><th>rules</th></tr>`);
    for (const e of tl)
      h.push(`<tr><td>${e.seq}</td><td>${esc(e.t === undefined ? "" : fmtT(e.t))}</td><td>${esc(e.what)}</td><td>${esc(e.rules.join(", "))}</td></tr>`);
    h.push("</table>");
  }
  h.push(`<h2>${esc(T.checklist[lang])}</h2><table><tr><th>rule</th><th></th><th>label</th><th>item</th><th>status</th></tr>`);
  for (const c of report.checks) {
    const meta = RULES.find((r) => r.id === c.ruleId);
    h.push(
      `<tr><td><code>${esc(c.ruleId)}</code></td><td>${esc(meta?.title[lang] ?? "")}<div class="muted">${esc(meta?.basis ?? "")}</div></td><td>${esc(c.label)}</td><td>${esc(itemText(c.item, c.itemVerified, lang))}</td>` +
        `<td class="${esc(c.status)}">${esc(STATUS_TEXT[c.status]?.[lang])}</td></tr>`,
    );
  }
  h.push("</table>");
  if (report.sdks.length > 0) {
    h.push(`<h2>${esc(T.sdks[lang])}</h2><table><tr><th>SDK</th><th>PI</th><th>declared</th><th></th></tr>`);
    for (const s of report.sdks)
      h.push(
        `<tr><td>${esc(s.sdkId)}</td><td>${esc(s.piTypes.join(", "))}</td><td>${esc(s.declared === null ? "?" : s.declared ? "✔" : "✘")}</td><td>${esc(s.signatureVerified ? "" : lang === "zh" ? "特征数据未核验" : "signature unverified")}</td></tr>`,
      );
    h.push("</table>");
  }
  if (report.disclosure) {
    h.push(`<h2>${esc(T.disclosure[lang])}</h2><table>`);
    for (const [p, d] of Object.entries(report.disclosure))
      h.push(`<tr><td>${esc(TRACE_PI_TYPES[p]?.[lang] ?? p)}</td><td>${esc(DISCLOSURE[d]?.[lang] ?? d)}</td></tr>`);
    h.push("</table>");
  }
  if (report.policyLint) {
    h.push(`<h2>${esc(T.lint[lang])}</h2><table>`);
    for (const r of report.policyLint.requirements)
      h.push(
        `<tr><td class="${r.status === "found" ? "pass" : "fail"}">${r.status === "found" ? "✔" : "✘"}</td><td>${esc(r[lang])}<div class="muted">${esc(r.basis)}</div></td><td>${r.sentences.map((s) => `<div>“${esc(s)}”</div>`).join("")}</td></tr>`,
      );
    h.push("</table>");
  }
  h.push(`<h2>${esc(T.thresholds[lang])}</h2><table>`);
  for (const [k, v] of Object.entries(report.thresholds)) h.push(`<tr><td><code>${esc(k)}</code></td><td>${esc(v)}</td></tr>`);
  h.push("</table>");
  if (report.warnings.length > 0) {
    h.push(`<h2>${esc(T.warnings[lang])}</h2><ul>`);
    for (const w of report.warnings) h.push(`<li>seq ${esc(w.seq)} <code>${esc(w.field)}</code>: ${esc(w.code)} ${esc(w.value)}</li>`);
    h.push("</ul>");
  }
  h.push(`<p class="muted">pipguard-audit/1</p></body></html>`);
  return `${h.join("\n")}\n`;
}
