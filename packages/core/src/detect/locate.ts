/** Line and column (in code points) of findings, computed in one forward walk over the bytes. */
import type { LocatedFinding, PiFinding } from "./types.js";

/** Anything with a byte offset (built-in findings, user-pattern matches). */
type HasStart = { readonly start: number };

/** Position of each finding (sorted by start): 1-based line, 1-based column counting code points. */
export function locate(b: Uint8Array, findings: readonly PiFinding[], from?: { offset: number; line: number; col: number }): LocatedFinding[];
export function locate<T extends HasStart>(
  b: Uint8Array,
  findings: readonly T[],
  from?: { offset: number; line: number; col: number },
): (T & { line: number; col: number })[];
export function locate<T extends HasStart>(
  b: Uint8Array,
  findings: readonly T[],
  from = { offset: 0, line: 1, col: 1 },
): (T & { line: number; col: number })[] {
  let pos = from.offset;
  let line = from.line;
  let col = from.col;
  const out: (T & { line: number; col: number })[] = [];
  for (const f of findings) {
    for (; pos < f.start; pos++) {
      const c = b[pos]!;
      if (c === 10) {
        line++;
        col = 1;
      } else if ((c & 0xc0) !== 0x80) col++;
    }
    out.push({ ...f, line, col });
  }
  return out;
}

/** The line/column state after walking to `offset` (to continue across chunks). */
export function advance(b: Uint8Array, state: { line: number; col: number }, fromOffset = 0, toOffset = b.length): { line: number; col: number } {
  let { line, col } = state;
  for (let pos = fromOffset; pos < toOffset; pos++) {
    const c = b[pos]!;
    if (c === 10) {
      line++;
      col = 1;
    } else if ((c & 0xc0) !== 0x80) col++;
  }
  return { line, col };
}
