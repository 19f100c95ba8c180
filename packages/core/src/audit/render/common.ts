import type { AuditReport } from "../audit.js";
import type { PiTrace, TraceEvent } from "../trace.js";

export type Lang = "zh" | "en";

/** Escapes text for HTML element content and attribute values. */
export function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** t in ms → h:mm:ss.mmm */
export function fmtT(t: number): string {
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = ((t % 60_000) / 1000).toFixed(3).padStart(6, "0");
  return `${h}:${String(m).padStart(2, "0")}:${s}`;
}

/** One-line description of an event for the evidence timeline. */
export function describeEvent(e: TraceEvent): string {
  switch (e.type) {
    case "lifecycle":
      return e.phase;
    case "ui":
      return [e.kind, e.role, e.text, e.depth !== undefined ? `depth=${e.depth}` : ""].filter(Boolean).join(" · ");
    case "consent":
      return `${e.action} ${e.subject}${e.preChecked ? " (preChecked)" : ""}`;
    case "permission":
      return `${e.action} ${e.permissions.join(", ")}`;
    case "api_call":
      return `${e.api} → ${e.piTypes.join(", ")}${e.appState === "background" ? " [background]" : ""}`;
    case "network":
      return `${e.transport}://${e.host} ${e.piFound.map((f) => f.piType).join(", ")}`;
    case "intent":
      return `${e.kind} ${e.targetPackage ?? ""}`;
    case "annotation":
      return `${e.tags.join(", ")}${e.clicks !== undefined ? ` clicks=${e.clicks}` : ""}${e.note ? ` — ${e.note}` : ""}`;
  }
}

/** The events any finding cites, in trace order, with the rules citing each. */
export function timeline(report: AuditReport, trace: PiTrace | undefined): { seq: number; t?: number; what: string; rules: string[] }[] {
  const cited = new Map<number, Set<string>>();
  for (const f of report.findings) for (const s of f.evidence) (cited.get(s) ?? cited.set(s, new Set()).get(s)!).add(f.ruleId);
  const bySeq = new Map<number, TraceEvent>();
  if (trace) for (const e of trace.events) if (cited.has(e.seq)) bySeq.set(e.seq, e);
  return [...cited.keys()]
    .sort((a, b) => a - b)
    .map((seq) => {
      const e = bySeq.get(seq);
      return { seq, ...(e ? { t: e.t } : {}), what: e ? `${e.type}: ${describeEvent(e)}` : "", rules: [...(cited.get(seq) ?? [])] };
    });
}

export const STATUS_TEXT: Record<string, Record<Lang, string>> = {
  pass: { zh: "通过", en: "pass" },
  fail: { zh: "不通过", en: "fail" },
  not_applicable: { zh: "不适用", en: "not applicable" },
  needs_evidence: { zh: "待补充证据", en: "needs evidence" },
};
export const SEVERITY_TEXT: Record<string, Record<Lang, string>> = {
  high: { zh: "高", en: "high" },
  medium: { zh: "中", en: "medium" },
  low: { zh: "低", en: "low" },
};

/** The Identification Method item with the "unverified wording" flag the reference data carries. */
export function itemText(item: string | null, verified: boolean | null, lang: Lang): string {
  if (!item) return "";
  return verified === false ? `${item} ${lang === "zh" ? "（条文未核验）" : "(wording unverified)"}` : item;
}
