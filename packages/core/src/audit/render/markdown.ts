import type { AuditReport } from "../audit.js";
import { RULES } from "../rules.js";
import type { PiTrace } from "../trace.js";
import { fmtT, itemText, type Lang, SEVERITY_TEXT, STATUS_TEXT, timeline } from "./common.js";

function cell(s: unknown): string {
  return String(s ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

/** The audit report as Markdown (findings, evidence timeline, per-rule checklist). */
export function renderAuditMarkdown(report: AuditReport, opts: { lang?: Lang; trace?: PiTrace } = {}): string {
  const lang = opts.lang ?? "zh";
  const zh = lang === "zh";
  const a = report.app;
  const out: string[] = [];
  out.push(`# ${zh ? "App 个人信息合规检测报告" : "App personal-information compliance audit"}: ${cell(a.name ?? a.packageName ?? "")}`);
  out.push("");
  out.push(`- ${zh ? "包名" : "Package"}: ${cell(a.packageName)}  ${zh ? "版本" : "Version"}: ${cell(a.version)}  ${zh ? "类型" : "Type"}: ${cell(a.appType)}`);
  out.push(`- ${zh ? "事件数" : "Events"}: ${report.session.events}  ${zh ? "问题数" : "Findings"}: ${report.findings.length}`);
  out.push("");
  out.push(`## ${zh ? "发现的问题" : "Findings"}`);
  out.push("");
  if (report.findings.length === 0) out.push(zh ? "未发现问题。" : "No findings.");
  else {
    out.push(
      zh ? "| 问题 | 规则 | 认定方法条款 | 严重程度 | 主体 | 证据 (seq) | 说明 |" : "| Label | Rule | Item | Severity | Party | Evidence (seq) | Message |",
    );
    out.push("|---|---|---|---|---|---|---|");
    for (const f of report.findings) {
      const who = f.sdkId ?? f.party ?? "";
      out.push(
        `| ${cell(f.label)} | ${f.ruleId} | ${f.item ?? ""} | ${SEVERITY_TEXT[f.severity]?.[lang]} | ${cell(who)} | ${f.evidence.join(", ")}${f.evidenceCount > f.evidence.length ? ` (+${f.evidenceCount - f.evidence.length})` : ""} | ${cell(f.message[lang])} |`,
      );
    }
  }
  const tl = timeline(report, opts.trace);
  if (tl.length > 0) {
    out.push("", `## ${zh ? "证据时间线" : "Evidence timeline"}`, "", "| seq | t | event | rules |", "|---|---|---|---|");
    for (const e of tl) out.push(`| ${e.seq} | ${e.t === undefined ? "" : fmtT(e.t)} | ${cell(e.what)} | ${e.rules.join(", ")} |`);
  }
  out.push("", `## ${zh ? "逐项检查" : "Checklist"}`, "", zh ? "| 规则 | 问题标签 | 条款 | 结果 |" : "| Rule | Label | Item | Status |", "|---|---|---|---|");
  for (const c of report.checks) {
    const title = RULES.find((r) => r.id === c.ruleId)?.title[lang] ?? c.ruleId;
    out.push(`| ${c.ruleId} — ${cell(title)} | ${cell(c.label)} | ${itemText(c.item, c.itemVerified, lang)} | ${STATUS_TEXT[c.status]?.[lang]} |`);
  }
  out.push("", `## ${zh ? "阈值" : "Thresholds"}`, "");
  for (const [k, v] of Object.entries(report.thresholds)) out.push(`- ${k}: ${v}`);
  if (report.policyLint) {
    out.push("", `## ${zh ? "隐私政策内容检查（PIPL 第十七条）" : "Privacy policy content (PIPL Art. 17)"}`, "");
    for (const r of report.policyLint.requirements)
      out.push(`- ${r.status === "found" ? "✔" : "✘"} ${cell(r[lang])} (${cell(r.basis)})${r.sentences[0] ? `: “${cell(r.sentences[0])}”` : ""}`);
  }
  if (report.warnings.length > 0) {
    out.push("", `## ${zh ? "输入警告" : "Input warnings"}`, "");
    for (const w of report.warnings) out.push(`- seq ${w.seq} ${w.field}: ${w.code} ${cell(w.value)}`);
  }
  return `${out.join("\n")}\n`;
}
