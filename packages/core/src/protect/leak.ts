/**
 * Leak tracing (PIPL Art. 51(4) technical security measures; Art. 21 supervision of entrusted
 * processors): each grant's output carries marks that name its recipient.
 *
 * - Canary rows (金丝雀行): after a real row chosen by a keyed hash, a fabricated row that looks real —
 *   a mobile number of a real segment, a plausible name, the anchor row's non-PI values (plan, city) —
 *   unique per grant because every choice is keyed by the grant's mark key. A contractor cannot tell
 *   them from customers, so a leaked subset keeps a proportional share of them.
 * - Row refs: each row's `ref` (used to ask for a reveal) is sealed under the grant's place, so any
 *   ref in a leaked file authenticates the grant — if the contractor kept the column.
 *
 * `mac` is the keyed hash of the grant (the server derives it from the keyring; core never sees keys).
 */
import { MOBILE_SEGMENTS } from "../detect/data/codes.js";
import { GIVEN_NAME_CHARS, SINGLE_SURNAMES } from "../detect/data/surnames.js";
import type { CellValue, Row } from "../requests/subject-schema.js";
import type { ViewSpec } from "./view.js";

/** A keyed hash of the grant: hex, at least 32 digits. */
export type MarkMac = (message: string) => string;

/** One canary per this many real rows on average. */
export const CANARY_EVERY = 50;

const SEGMENTS = [...MOBILE_SEGMENTS].sort();
const SURNAMES = [...SINGLE_SURNAMES].slice(0, 100);
const GIVEN = [...GIVEN_NAME_CHARS];

/** True when a canary follows the real row with key `anchorKey` in this grant's output. */
export function isCanarySlot(mac: MarkMac, anchorKey: string): boolean {
  return Number.parseInt(mac(`slot|${anchorKey}`).slice(0, 8), 16) % CANARY_EVERY === 0;
}

function pick<T>(list: readonly T[], hex: string, at: number): T {
  return list[Number.parseInt(hex.slice(at, at + 6), 16) % list.length] as T;
}

function digits(hex: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i += 2) out += String(Number.parseInt(hex.slice(i % (hex.length - 1), (i % (hex.length - 1)) + 2), 16) % 10);
  return out;
}

function fabricate(piType: string | undefined, original: CellValue, h: string): CellValue {
  switch (piType) {
    case "cn_mobile":
      return `${pick(SEGMENTS, h, 0)}${digits(h.slice(6), 8)}`;
    case "person_name":
      return `${pick(SURNAMES, h, 0)}${pick(GIVEN, h, 6)}${Number.parseInt(h.slice(12, 14), 16) % 3 === 0 ? "" : pick(GIVEN, h, 14)}`;
    case "email":
      return `${pick(["wang", "li", "zhang", "liu", "chen", "yang"], h, 0)}${digits(h.slice(6), 4)}@${pick(["qq.com", "163.com", "126.com", "sina.com"], h, 12)}`;
    default:
      // Other PI: keep the shape, replace every digit (ID numbers, card numbers, addresses with numbers).
      if (original === null) return null;
      return String(original).replace(/[0-9]/g, (_d, i: number) => digits(h.slice((i * 2) % 40), 1));
  }
}

/** The canary that follows `anchor` (a store row): fabricated PI fields, the anchor's other values. */
export function canaryRow(view: ViewSpec, mac: MarkMac, anchorKey: string, anchor: Row): Row {
  const out: Row = { ...anchor };
  for (const f of view.fields) {
    if (f.piType === undefined) continue;
    out[f.column] = fabricate(f.piType, anchor[f.column] ?? null, mac(`canary|${anchorKey}|${f.column}`));
  }
  if (out[view.subject.column] === anchor[view.subject.column] && view.subject.identity === "mobile")
    out[view.subject.column] = fabricate("cn_mobile", null, mac(`canary|${anchorKey}|${view.subject.column}`));
  return out;
}

/** A canary as the contractor received it: its output cells (masked), without the ref. */
export interface CanaryPrint {
  cells: string[];
}

/** Normalises a cell for comparison (leaked files re-quote and re-space values). */
export function normaliseCell(v: unknown): string {
  return v === null || v === undefined ? "" : String(v).trim();
}

/** A canary print from the output row. */
export function canaryPrint(view: ViewSpec, output: Row): CanaryPrint {
  return { cells: view.fields.map((f) => normaliseCell(output[f.as ?? f.column])).filter((c) => c !== "") };
}

/** A row of the leaked file matches a canary when at least 80% (and at least two) of its cells appear in the row, in any column. */
export function matchesCanary(rowCells: ReadonlySet<string>, c: CanaryPrint): boolean {
  if (c.cells.length === 0) return false;
  const hits = c.cells.filter((x) => rowCells.has(x)).length;
  return hits >= Math.min(c.cells.length, Math.max(2, Math.ceil(c.cells.length * 0.8)));
}

/** Chance that one unrelated row matches one canary by accident: a masked mobile keeps 7 digits of ~50 segments. */
export const ACCIDENTAL_MATCH_PER_ROW = 1 / (50 * 10_000);

/** P(X >= k) for X ~ Poisson(lambda), computed without cancellation for small lambda. */
export function poissonTail(lambda: number, k: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  let term = Math.exp(-lambda);
  for (let i = 1; i <= k; i++) term *= lambda / i;
  let sum = 0;
  for (let i = k; i < k + 200 && term > 1e-300; i++) {
    sum += term;
    term *= lambda / (i + 1);
  }
  return Math.min(1, sum);
}

/** Evidence about one grant. */
export interface GrantEvidence {
  grantId: string;
  canaries: CanaryPrint[];
  /** Refs of the file that authenticate under this grant (sealed under its place). */
  refHits: number;
}

/** How strongly a leaked file points at a grant. */
export interface TraceScore {
  grantId: string;
  canaryHits: number;
  canariesIssued: number;
  refHits: number;
  /** 1 − the chance of seeing this much evidence by accident. */
  confidence: number;
}

/**
 * Scores every grant against a leaked file's rows (cells only: headers and column order do not
 * matter). Canary evidence: k canaries of the grant found among N rows, against Poisson(C·N·p)
 * accidental matches; a ref that authenticates is conclusive (a forgery would need the key).
 */
export function scoreLeak(rows: readonly (readonly unknown[])[], grants: readonly GrantEvidence[]): TraceScore[] {
  const rowSets = rows.map((r) => new Set(r.map(normaliseCell)));
  const scores = grants.map((g) => {
    let canaryHits = 0;
    for (const c of g.canaries) if (rowSets.some((s) => matchesCanary(s, c))) canaryHits++;
    const lambda = g.canaries.length * rows.length * ACCIDENTAL_MATCH_PER_ROW;
    let confidence = canaryHits === 0 ? 0 : 1 - poissonTail(lambda, canaryHits);
    if (g.refHits > 0) confidence = Math.max(confidence, 1 - 1e-12);
    return { grantId: g.grantId, canaryHits, canariesIssued: g.canaries.length, refHits: g.refHits, confidence };
  });
  return scores.sort((a, b) => b.confidence - a.confidence || b.canaryHits - a.canaryHits);
}

/** The confidence from which a grant is named as the source. */
export const NAME_SOURCE_AT = 0.99;
