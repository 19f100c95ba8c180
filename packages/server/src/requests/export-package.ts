import { buildPortabilityDocument, type Catalog, PORTABILITY_FORMAT, REQUEST_TYPE_LABELS, type RequestType } from "@pipguard/core";
import { strToU8, zipSync } from "fflate";
import { escapeHtml as e } from "../catalog/ropa-html.js";
import type { SubjectRows } from "./subject-data-port.js";

/** The portability format (PIPL Art. 45 ¶3, 转移): core/requests/portability.ts, docs/portability.md. */
export { PORTABILITY_FORMAT };

/** What goes into one export package. */
export interface ExportInput {
  requestId: string;
  type: RequestType;
  generatedAt: string;
  catalog: Catalog;
  found: SubjectRows[];
  /** The subject's keyed pseudonymous id for portability.json (never the contact itself). */
  pseudonymousId: string;
}

/**
 * Builds the ZIP for access, copy and portability requests: per store and table a JSON and a CSV
 * file, `portability.json` in the documented format, and `summary.html` — in Chinese and English,
 * what data is held, for which purposes, shared with whom and kept how long (from the catalog).
 */
export function buildExportPackage(input: ExportInput): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const s of input.found) {
    for (const t of s.tables) {
      const base = `data/${safe(s.storeKey)}/${safe(t.table)}`;
      files[`${base}.json`] = strToU8(JSON.stringify(t.rows, jsonValue, 2));
      files[`${base}.csv`] = strToU8(toCsv(t.rows));
    }
  }
  const portable = buildPortabilityDocument({
    requestId: input.requestId,
    requestType: input.type,
    generatedAt: input.generatedAt,
    pseudonymousId: input.pseudonymousId,
    catalog: input.catalog,
    found: input.found.map((s) => ({
      storeKey: s.storeKey,
      tables: s.tables.map((t) => ({ table: t.table, rows: JSON.parse(JSON.stringify(t.rows, jsonValue)) })),
    })),
  });
  files["portability.json"] = strToU8(JSON.stringify(portable, jsonValue, 2));
  files["summary.html"] = strToU8(renderSummary(input));
  return zipSync(files, { level: 6, mtime: new Date(input.generatedAt) });
}

/** The readable summary: tables and row counts, purposes with legal basis, recipients, retention. */
export function renderSummary(input: ExportInput): string {
  const c = input.catalog;
  const storeIds = new Set(c.stores.filter((s) => input.found.some((f) => f.storeKey === s.key)).map((s) => s.id));
  const fieldIds = new Set(c.fields.filter((f) => storeIds.has(f.storeId)).map((f) => f.id));
  const purposes = c.purposes.filter((p) => p.fieldIds.some((id) => fieldIds.has(id)));
  const purposeIds = new Set(purposes.map((p) => p.id));
  const recipients = c.recipients.filter((r) => r.purposeIds.some((id) => purposeIds.has(id)));
  const retention = c.retentionRules.filter((r) => (r.purposeId && purposeIds.has(r.purposeId)) || (r.storeId && storeIds.has(r.storeId)));
  const label = REQUEST_TYPE_LABELS[input.type];
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((x) => `<td>${e(x)}</td>`).join("")}</tr>`).join("\n");
  const dataRows = input.found.flatMap((s) => s.tables.map((t) => [s.storeKey, t.table, String(t.rows.length)]));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>个人信息副本 Copy of your personal information</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}</style></head>
<body>
<h1>个人信息副本 Copy of your personal information</h1>
<p>申请编号 Request ID: ${e(input.requestId)}<br>申请类型 Type: ${e(label.zh)} / ${e(label.en)}<br>生成时间 Generated: ${e(input.generatedAt)}</p>
<h2>我们持有的数据 The data we hold</h2>
<p>每张表的数据见 data/ 目录（JSON 与 CSV）；portability.json 为可导入其他处理者的格式（${PORTABILITY_FORMAT}）。<br>
Each table is in data/ as JSON and CSV; portability.json is the format another processor can import (${PORTABILITY_FORMAT}).</p>
<table><tr><th>数据存储 Store</th><th>表 Table</th><th>行数 Rows</th></tr>
${rows(dataRows)}</table>
<h2>处理目的 Purposes of processing</h2>
<table><tr><th>目的 Purpose</th><th>法律依据 Legal basis (PIPL Art. 13)</th></tr>
${rows(purposes.map((p) => [`${p.nameZh} / ${p.nameEn}`, p.legalBasis]))}</table>
<h2>向谁提供 Shared with</h2>
<table><tr><th>接收方 Recipient</th><th>类型 Kind</th><th>国家/地区 Country</th></tr>
${rows(recipients.map((r) => [r.name, r.kind, r.country]))}</table>
<h2>保存期限 How long it is kept</h2>
<table><tr><th>期限 Period (ISO 8601)</th><th>到期处理 Then</th><th>依据 Legal reference</th></tr>
${rows(retention.map((r) => [r.period, r.action, r.legalReference ?? ""]))}</table>
<p>您可以依据《个人信息保护法》第四十四条至第四十八条行使其他权利。You may exercise your other rights under PIPL Arts. 44–48.</p>
</body></html>
`;
}

/** RFC 4180 CSV with a header of every column seen; objects as JSON, null as empty. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): string => {
    const s =
      v === null || v === undefined
        ? ""
        : typeof v === "object" && !(v instanceof Date)
          ? JSON.stringify(v, jsonValue)
          : String(v instanceof Date ? v.toISOString() : v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[cols.map(cell).join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\r\n")}\r\n`;
}

/** JSON replacer: bigints as strings, binary as base64. */
export function jsonValue(_k: string, v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return v;
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}
