import { checkOverride, type DayKind, DomainError } from "@pipguard/core";
import type { OverrideInput } from "./calendar-repo.js";

/** The file formats `importOverrides` reads. */
export const IMPORT_FORMATS = ["json", "csv"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The most rows one import may hold (27 years of every day). */
export const MAX_IMPORT_ROWS = 10_000;
const MAX_REPORTED = 100;

/** One problem, located by line and column name only: the values themselves are never echoed. */
export interface ImportIssue {
  path: string;
  code: string;
  message: string;
}

const COLUMNS = ["date", "kind", "name"] as const;
// Fields a listing (`pipguard calendar overrides --json`) carries; ignored so a listing can be re-imported.
const LISTING_FIELDS = new Set(["source", "createdAt", "updatedAt", "created_at", "updated_at"]);

// `where` locates a row for people: "line 3", or "line 3 (entry 2)" in JSON, where entries may share a line.
type Raw = { where: string; date: unknown; kind: unknown; name: unknown };

/**
 * Parses and checks an overrides file. JSON: an array of {date, kind, name?}. CSV: columns
 * date,kind,name (a header row is optional; `#` starts a comment line). Throws VALIDATION_FAILED
 * listing every problem by line number and column when anything is wrong, so nothing half-imports.
 */
export function parseOverrides(text: string, format: ImportFormat): OverrideInput[] {
  const content = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const issues: ImportIssue[] = [];
  const raws = format === "json" ? readJson(content, issues) : readCsv(content, issues);
  if (issues.length === 0 && raws.length === 0) issues.push({ path: "content", code: "empty", message: "the file holds no overrides" });
  if (raws.length > MAX_IMPORT_ROWS) issues.push({ path: "content", code: "too_many_rows", message: `at most ${MAX_IMPORT_ROWS} rows per import` });
  const firstSeen = new Map<string, string>();
  for (const r of raws) {
    for (const i of checkOverride(r)) issues.push({ path: `${r.where}.${i.field}`, code: i.code, message: `${r.where}: ${i.field} must be ${i.message}` });
    if (typeof r.date !== "string") continue;
    const seen = firstSeen.get(r.date);
    if (seen !== undefined) issues.push({ path: `${r.where}.date`, code: "duplicate_date", message: `${r.where}: the same date is already at ${seen}` });
    else firstSeen.set(r.date, r.where);
  }
  if (issues.length > 0) {
    const lineOf = (i: ImportIssue) => Number(/^line (\d+)/.exec(i.path)?.[1] ?? 0);
    const shown = issues.sort((a, b) => lineOf(a) - lineOf(b)).slice(0, MAX_REPORTED);
    const more = issues.length > shown.length ? ` (the first ${shown.length} are listed)` : "";
    throw new DomainError("VALIDATION_FAILED", `the file has ${issues.length} problem(s)${more}; nothing was imported`, { issues: shown });
  }
  // Every row passed checkOverride, so date and kind are known to be valid here.
  return raws.map((r) => ({ date: r.date as string, kind: r.kind as DayKind, name: typeof r.name === "string" && r.name !== "" ? r.name : null }));
}

function readJson(text: string, issues: ImportIssue[]): Raw[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message can quote the input; say only that it is not JSON.
    issues.push({ path: "content", code: "invalid_json", message: "the file is not valid JSON" });
    return [];
  }
  if (!Array.isArray(parsed)) {
    issues.push({ path: "content", code: "not_an_array", message: "a JSON file holds an array of {date, kind, name} objects" });
    return [];
  }
  const lines = arrayElementLines(text);
  return parsed.map((item: unknown, i) => {
    const where = `line ${lines[i] ?? 1} (entry ${i + 1})`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      issues.push({ path: where, code: "not_an_object", message: `${where}: each entry is an object {date, kind, name}` });
      return { where, date: undefined, kind: undefined, name: undefined };
    }
    const o = item as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!(COLUMNS as readonly string[]).includes(key) && !LISTING_FIELDS.has(key)) {
        issues.push({ path: where, code: "unknown_field", message: `${where}: only date, kind and name are read (an unknown field is present)` });
        break;
      }
    }
    return { where, date: o.date, kind: o.kind, name: o.name };
  });
}

/** The line on which each element of a top-level JSON array starts (the text is already known to parse). */
function arrayElementLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expecting = false;
  for (const ch of text) {
    if (ch === "\n") line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expecting && !/\s/.test(ch) && ch !== "]") {
      out.push(line);
      expecting = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      depth += 1;
      if (depth === 1) expecting = true;
    } else if (ch === "]" || ch === "}") depth -= 1;
    else if (ch === "," && depth === 1) expecting = true;
  }
  return out;
}

function readCsv(text: string, issues: ImportIssue[]): Raw[] {
  const records = csvRecords(text, issues);
  let columns: readonly string[] = COLUMNS;
  const first = records[0];
  if (first && first.fields[0]?.trim().toLowerCase() === "date") {
    records.shift();
    columns = first.fields.map((f) => f.trim().toLowerCase());
    const unknown = columns.some((c) => !(COLUMNS as readonly string[]).includes(c));
    const missing = !columns.includes("kind");
    if (unknown || missing || new Set(columns).size !== columns.length) {
      issues.push({
        path: `line ${first.line}.header`,
        code: "invalid_header",
        message: `line ${first.line}: the header names each of date, kind and (optionally) name once`,
      });
      return [];
    }
  }
  const out: Raw[] = [];
  for (const r of records) {
    if (r.fields.length > columns.length) {
      issues.push({
        path: `line ${r.line}`,
        code: "too_many_columns",
        message: `line ${r.line}: at most ${columns.length} columns (${columns.join(",")}); quote a name that has a comma`,
      });
      continue;
    }
    const get = (c: string) => {
      const i = columns.indexOf(c);
      return i < 0 ? undefined : r.fields[i]?.trim();
    };
    out.push({ where: `line ${r.line}`, date: get("date"), kind: get("kind"), name: get("name") });
  }
  return out;
}

/** RFC 4180 records with the line each starts on; blank lines and `#` comment lines are skipped. */
function csvRecords(text: string, issues: ImportIssue[]): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0]?.trim() === "";
    if (!blank && !fields[0]?.trimStart().startsWith("#")) out.push({ line: start, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line += 1;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      field = "";
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      start = line;
    } else field += ch;
  }
  if (quoted) {
    issues.push({ path: `line ${start}`, code: "unterminated_quote", message: `line ${start}: a quoted field is not closed` });
    return out;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return out;
}
