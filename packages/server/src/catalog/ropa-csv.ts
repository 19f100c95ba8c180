/**
 * The record of processing activities as CSV: one row per purpose, bilingual headers, UTF-8 with a
 * byte-order mark so Excel opens the Chinese text correctly, CRLF line ends (RFC 4180).
 */
import type { RecordOfProcessing, RopaActivity } from "@pipguard/core";
import { ACTION_LABELS, CONSENT_LABELS, formatPeriod, NECESSITY_LABELS, RECIPIENT_LABELS, TRIGGER_LABELS, YES_NO } from "./ropa-labels.js";

const COLUMNS: [string, (a: RopaActivity) => string][] = [
  ["处理目的编码 Purpose code", (a) => a.purpose.code],
  ["处理目的 Purpose (zh)", (a) => a.purpose.nameZh],
  ["Purpose (en)", (a) => a.purpose.nameEn],
  ["法律依据 Legal basis", (a) => `${a.legalBasis.zh} / ${a.legalBasis.en}`],
  ["条款 Article", (a) => a.legalBasis.article],
  ["必要性 Necessity", (a) => `${NECESSITY_LABELS[a.necessity].zh} / ${NECESSITY_LABELS[a.necessity].en}`],
  ["同意方式 Consent collected", (a) => `${CONSENT_LABELS[a.consentKind].zh} / ${CONSENT_LABELS[a.consentKind].en}`],
  ["应取得的同意 Consent required", (a) => `${CONSENT_LABELS[a.requiredConsentKind].zh} / ${CONSENT_LABELS[a.requiredConsentKind].en}`],
  ["同意依据 Consent rules", (a) => a.consentReasons.map((r) => r.article).join("; ")],
  ["敏感个人信息 Sensitive PI", (a) => yesNo(a.sensitive)],
  ["个人信息类别 PI categories", (a) => a.piCategories.map((c) => `${c.zh} ${c.en}`).join("; ")],
  ["字段 Fields", (a) => a.fields.map((f) => f.ref).join("; ")],
  ["存储位置 Data stores", (a) => a.stores.map((s) => `${s.name} (${s.kind})`).join("; ")],
  ["接收方 Recipients", (a) => a.recipients.map((r) => `${r.name} (${RECIPIENT_LABELS[r.kind].zh} ${RECIPIENT_LABELS[r.kind].en}, ${r.country})`).join("; ")],
  ["跨境提供 Cross-border", (a) => yesNo(a.crossBorder)],
  ["保存期限 Retention", (a) => a.retention.map(retention).join("; ")],
  ["自动化决策 Automated decision", (a) => yesNo(a.automatedDecision)],
  ["不满十四周岁 Under 14", (a) => yesNo(a.minorsUnder14)],
  ["影响评估 Impact assessment", (a) => (a.impactAssessment.required ? `是 yes (${a.impactAssessment.reasons.map((r) => r.article).join("; ")})` : "否 no")],
];

function yesNo(b: boolean): string {
  const l = YES_NO(b);
  return `${l.zh} ${l.en}`;
}

function retention(r: RopaActivity["retention"][number]): string {
  const p = formatPeriod(r.period);
  const law = r.legalReference ? ` [${r.legalReference}]` : "";
  return `${p.zh} ${TRIGGER_LABELS[r.trigger].zh} → ${ACTION_LABELS[r.action].zh} / ${p.en} ${TRIGGER_LABELS[r.trigger].en} → ${ACTION_LABELS[r.action].en}${law}`;
}

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The record as CSV text, starting with a UTF-8 BOM. */
export function renderRopaCsv(ropa: RecordOfProcessing): string {
  const lines = [COLUMNS.map(([h]) => csvCell(h)).join(","), ...ropa.activities.map((a) => COLUMNS.map(([, get]) => csvCell(get(a))).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
