import { DomainError } from "../errors.js";
import type { AuditReport } from "./audit.js";
import type { Finding } from "./findings.js";
import { esc } from "./render/common.js";
import { RULES } from "./rules.js";

/**
 * Batch inspection (批量检测) for an app store or a regulator: many sessions → one notice in the table format of
 * the MIIT / provincial communication administration notices (序号 | 应用名称 | 应用开发者 | 应用来源 | 应用版本 |
 * 所涉问题), with a rectification deadline (整改期限); and re-inspection of a later version, which marks each
 * earlier finding fixed or not fixed.
 */

export const NOTICE_COLUMNS = ["序号", "应用名称", "应用开发者", "应用来源", "应用版本", "所涉问题"] as const;

export interface NoticeRow {
  no: number;
  name: string;
  developer: string;
  source: string;
  version: string;
  /** Notice labels in rule order, each once. */
  problems: string[];
  /** Re-inspection status of the app, when a previous inspection was given. */
  rectification?: RectificationSummary;
}

export interface Notice {
  title: string;
  deadline: string | null;
  rows: NoticeRow[];
  /** Apps inspected with no finding (not listed in the notice). */
  cleanApps: number;
}

/** How one earlier finding fared in the re-inspection. */
export interface RectificationItem {
  ruleId: string;
  label: string;
  party?: string;
  sdkId?: string;
  status: "fixed" | "not_fixed" | "unverified";
  evidence: number[];
}

export interface RectificationSummary {
  previousVersion?: string;
  currentVersion?: string;
  items: RectificationItem[];
  /** Findings of the later version that the earlier one did not have. */
  newFindings: { ruleId: string; label: string; sdkId?: string }[];
  fixed: number;
  notFixed: number;
}

function findingKey(f: Pick<Finding, "ruleId" | "party" | "sdkId">): string {
  return `${f.ruleId}|${f.party ?? ""}|${f.sdkId ?? ""}`;
}

/** Problems of a report as notice labels: each label once, in rule order. */
export function noticeLabels(report: AuditReport): string[] {
  const labels: string[] = [];
  for (const r of RULES) if (report.findings.some((f) => f.ruleId === r.id) && !labels.includes(r.label)) labels.push(r.label);
  return labels;
}

/**
 * Re-inspection (复测): each finding of the earlier report is not_fixed when the later one has a finding with the
 * same rule and party/SDK, fixed when the later check passes or no longer applies, else unverified.
 */
export function compareInspections(previous: AuditReport, current: AuditReport): RectificationSummary {
  const now = new Set(current.findings.map(findingKey));
  const before = new Set(previous.findings.map(findingKey));
  const items: RectificationItem[] = previous.findings.map((f) => {
    const check = current.checks.find((c) => c.ruleId === f.ruleId)?.status;
    const status = now.has(findingKey(f)) ? "not_fixed" : check === undefined || check === "needs_evidence" ? "unverified" : "fixed";
    const item: RectificationItem = { ruleId: f.ruleId, label: f.label, status, evidence: f.evidence };
    if (f.party) item.party = f.party;
    if (f.sdkId) item.sdkId = f.sdkId;
    return item;
  });
  const newFindings = current.findings
    .filter((f) => !before.has(findingKey(f)))
    .map((f) => (f.sdkId ? { ruleId: f.ruleId, label: f.label, sdkId: f.sdkId } : { ruleId: f.ruleId, label: f.label }));
  const out: RectificationSummary = {
    items,
    newFindings,
    fixed: items.filter((i) => i.status === "fixed").length,
    notFixed: items.filter((i) => i.status === "not_fixed").length,
  };
  if (previous.app.version) out.previousVersion = previous.app.version;
  if (current.app.version) out.currentVersion = current.app.version;
  return out;
}

/** Matches a later report to the earlier one of the same app (package name, else app name). */
export function appKey(report: AuditReport): string {
  return report.app.packageName ?? report.app.name ?? "";
}

/** Builds the notice: one row per app with at least one finding (or still unfixed findings on re-inspection). */
export function buildNotice(reports: readonly AuditReport[], opts: { deadline?: string; previous?: readonly AuditReport[]; title?: string } = {}): Notice {
  if (opts.deadline !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.deadline)) {
    throw new DomainError("INVALID_DATE", "deadline must be a date (YYYY-MM-DD)", { field: "deadline" });
  }
  const prevByApp = new Map((opts.previous ?? []).map((r) => [appKey(r), r]));
  const rows: NoticeRow[] = [];
  let clean = 0;
  for (const r of reports) {
    const problems = noticeLabels(r);
    const prev = prevByApp.get(appKey(r));
    if (problems.length === 0 && !prev) {
      clean++;
      continue;
    }
    const row: NoticeRow = {
      no: rows.length + 1,
      name: r.app.name ?? r.app.packageName ?? "",
      developer: r.app.developer ?? "",
      source: r.app.source ?? "",
      version: r.app.version ?? "",
      problems,
    };
    if (prev) row.rectification = compareInspections(prev, r);
    if (problems.length === 0 && row.rectification?.notFixed === 0) {
      clean++;
      continue;
    }
    rows.push(row);
  }
  rows.forEach((row, i) => {
    row.no = i + 1;
  });
  return { title: opts.title ?? "侵害用户权益行为的APP名单", deadline: opts.deadline ?? null, rows, cleanApps: clean };
}

/** The 所涉问题 cell: labels separated by ； (labels themselves contain 、), plus the re-inspection result. */
export function problemsCell(row: NoticeRow): string {
  const base = row.problems.join("；");
  if (!row.rectification) return base;
  const r = row.rectification;
  return `${base}${base ? "；" : ""}复测：已整改 ${r.fixed} 项，未整改 ${r.notFixed} 项${r.newFindings.length ? `，新增 ${r.newFindings.length} 项` : ""}`;
}

function csvCell(v: string | number): string {
  const s = String(v);
  // A leading = + - @ would run as a formula in Excel (CSV injection): prefix a quote.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The notice as CSV (UTF-8 with BOM so Excel opens the Chinese correctly). */
export function renderNoticeCsv(notice: Notice): string {
  const lines = [NOTICE_COLUMNS.join(",")];
  for (const r of notice.rows) lines.push([r.no, r.name, r.developer, r.source, r.version, problemsCell(r)].map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The notice as a self-contained HTML page. */
export function renderNoticeHtml(notice: Notice): string {
  const h = [
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(notice.title)}</title>`,
    "<style>body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left}th{background:#eee}</style></head><body>",
    `<h1>${esc(notice.title)}</h1>`,
  ];
  if (notice.deadline) h.push(`<p>请上述应用于 ${esc(notice.deadline)} 前完成整改。</p>`);
  h.push(`<table><tr>${NOTICE_COLUMNS.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`);
  for (const r of notice.rows)
    h.push(`<tr>${[r.no, r.name, r.developer, r.source, r.version, problemsCell(r)].map((v) => `<td>${esc(v)}</td>`).join("")}</tr>`);
  h.push(`</table><p>${esc(`共 ${notice.rows.length} 款应用；另 ${notice.cleanApps} 款未发现问题。`)}</p></body></html>`);
  return `${h.join("\n")}\n`;
}
