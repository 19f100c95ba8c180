/**
 * Plain text and logs: read in 1 MB chunks cut at a line end (or, inside a very long line, at a
 * byte that cannot be inside a value), so memory stays flat whatever the file size.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { advance, decodeUtf8, locate, type PiFinding, scanBytes, type UserPatternFinding } from "@pipguard/core";
import { maskValue } from "./format.js";
import type { FileScanContext } from "./types.js";

const CHUNK = 1 << 20;

/** A cut point in b[0, end): after the last newline, else after a space/punctuation byte, else at a UTF-8 boundary. */
export function cutPoint(b: Uint8Array, end: number): number {
  for (let i = end - 1; i >= 0; i--) if (b[i] === 10) return i + 1;
  for (let i = end - 1; i >= Math.max(0, end - 4096); i--) {
    const c = b[i]!;
    if (c === 32 || c === 9 || c === 44 || c === 59 || c === 34 || c === 13) return i + 1;
  }
  let i = end;
  while (i > 0 && (b[i]! & 0xc0) === 0x80) i--;
  return i > 0 ? i : end;
}

/** Scans a text file at `path`, reporting records under `source`. */
export function scanTextFile(path: string, source: string, ctx: FileScanContext, first?: Buffer): void {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0;
    let base = 0;
    let pos = { line: 1, col: 1 };
    if (first) {
      first.copy(buf, 0);
      carry = first.length;
    }
    for (;;) {
      const n = readSync(fd, buf, carry, buf.length - carry, base + carry);
      const end = carry + n;
      if (end === 0) break;
      const cut = n === 0 ? end : cutPoint(buf, end);
      const chunk = buf.subarray(0, cut);
      const hits: (PiFinding | UserPatternFinding)[] = scanBytes(chunk, ctx.opts);
      if (ctx.patterns) {
        hits.push(...ctx.patterns.scan(chunk));
        hits.sort((a, b) => a.start - b.start);
      }
      const found = locate(chunk, hits, { offset: 0, line: pos.line, col: pos.col });
      for (const f of found) {
        const value = decodeUtf8(chunk, f.start, f.end);
        ctx.record({
          source,
          line: f.line,
          col: f.col,
          start: base + f.start,
          end: base + f.end,
          type: f.type,
          score: f.score,
          text: ctx.reveal ? value : maskValue(f.type, value),
        });
      }
      pos = advance(chunk, pos);
      ctx.progress(cut);
      buf.copy(buf, 0, cut, end);
      carry = end - cut;
      base += cut;
      if (n === 0 && carry === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}
