/**
 * Database column classification by sampling: the sampled cells of one column are scanned as one
 * newline-separated buffer (context never crosses a newline), with the column name as context; the
 * type found in the largest share of cells, when that share is high enough, is the suggestion.
 */
import { scanBytes } from "./scan-bytes.js";
import { type DetectorType, detectorTypeInfo } from "./types.js";
import { encodeUtf8 } from "./utf8.js";

/** A column's suggested PI type, for the catalog (GB/T 35273 category and sensitivity included). */
export interface ColumnClassification {
  readonly column: string;
  readonly type: DetectorType;
  /** Share of sampled non-empty cells holding a value of the type. */
  readonly share: number;
  readonly sampled: number;
  readonly categoryId: string | null;
  readonly sensitive: boolean;
}

/** Cells below this share do not make a suggestion (free-text columns with the odd phone number). */
export const MIN_COLUMN_SHARE = 0.3;

/** Classifies one column from sampled values; null when no PI type reaches MIN_COLUMN_SHARE. */
export function classifyColumn(column: string, values: readonly unknown[], minShare = MIN_COLUMN_SHARE): ColumnClassification | null {
  const cells: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    let s = typeof v === "string" ? v : String(v);
    // Most cells hold neither a line break nor edge whitespace: test before building new strings.
    if (s.length === 0) continue;
    if (s.includes("\n") || s.includes("\r")) s = s.replace(/[\r\n]+/g, " ");
    const c0 = s.charCodeAt(0);
    if ((c0 <= 32 || c0 >= 0xa0) && s.trim() === "") continue;
    cells.push(s);
  }
  if (cells.length === 0) return null;
  const b = encodeUtf8(cells.join("\n"));
  const counts = new Map<DetectorType, number>();
  // Cell by cell in byte order, so a finding is counted once per cell and type.
  let cell = 0;
  let cellEnd = b.indexOf(10);
  let lastCell = -1;
  let lastType: DetectorType | null = null;
  for (const f of scanBytes(b, { fieldName: column })) {
    while (cellEnd >= 0 && f.start > cellEnd) {
      cell++;
      cellEnd = b.indexOf(10, cellEnd + 1);
    }
    if (cell === lastCell && f.type === lastType) continue;
    lastCell = cell;
    lastType = f.type;
    counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  }
  let best: DetectorType | null = null;
  let bestN = 0;
  for (const [t, n] of counts) {
    if (n > bestN) {
      best = t;
      bestN = n;
    }
  }
  const share = bestN / cells.length;
  if (!best || share < minShare) return null;
  return { column, type: best, share: Math.round(share * 1000) / 1000, sampled: cells.length, ...detectorTypeInfo(best) };
}
