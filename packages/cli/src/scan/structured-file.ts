/**
 * CSV and JSON / JSONL: each cell or JSON value is scanned on its own with its column name / key as
 * context, and reported as `file.csv#column` or `file.jsonl#$.user.mobile`. Offsets stay byte
 * offsets in the file. Input that does not parse is scanned as plain text instead.
 */
import { decodeUtf8, type PiFinding, scanBytes, type UserPatternFinding } from "@pipguard/core";
import { maskValue } from "./format.js";
import type { FileScanContext } from "./types.js";

/** Incremental line/column (code points) for increasing byte offsets. */
class Locator {
  private pos = 0;
  private line = 1;
  private col = 1;
  constructor(private readonly b: Uint8Array) {}
  mark(): [number, number, number] {
    return [this.pos, this.line, this.col];
  }
  reset(m: [number, number, number]): void {
    [this.pos, this.line, this.col] = m;
  }
  at(offset: number): { line: number; col: number } {
    const b = this.b;
    for (; this.pos < offset; this.pos++) {
      const c = b[this.pos]!;
      if (c === 10) {
        this.line++;
        this.col = 1;
      } else if ((c & 0xc0) !== 0x80) this.col++;
    }
    return { line: this.line, col: this.col };
  }
}

function scanValue(b: Uint8Array, s: number, e: number, field: string, source: string, loc: Locator, ctx: FileScanContext): void {
  if (e - s < 2) return;
  const cell = b.subarray(s, e);
  const hits: (PiFinding | UserPatternFinding)[] = scanBytes(cell, { ...ctx.opts, fieldName: field });
  if (ctx.patterns) {
    hits.push(...ctx.patterns.scan(cell));
    hits.sort((x, y) => x.start - y.start);
  }
  for (const f of hits) {
    const { line, col } = loc.at(s + f.start);
    const value = decodeUtf8(cell, f.start, f.end);
    ctx.record({ source, line, col, start: s + f.start, end: s + f.end, type: f.type, score: f.score, text: ctx.reveal ? value : maskValue(f.type, value) });
  }
}

/** Scans CSV (or TSV) bytes: the first record names the columns. */
export function scanCsv(b: Uint8Array, source: string, ctx: FileScanContext, delimiter = 44): void {
  const loc = new Locator(b);
  const header: string[] = [];
  let row = 0;
  let col = 0;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length) {
    let s = i;
    let e: number;
    if (b[i] === 34) {
      // Quoted cell: "" is an escaped quote; the raw bytes between the quotes are scanned.
      s = i + 1;
      let j = s;
      while (j < b.length && !(b[j] === 34 && b[j + 1] !== 34)) j += b[j] === 34 ? 2 : 1;
      e = j;
      i = j + 1;
      while (i < b.length && b[i] !== delimiter && b[i] !== 10) i++;
    } else {
      while (i < b.length && b[i] !== delimiter && b[i] !== 10) i++;
      e = i > s && b[i - 1] === 13 ? i - 1 : i;
    }
    if (row === 0) header.push(decodeUtf8(b, s, e).trim() || `column${col + 1}`);
    else scanValue(b, s, e, header[col] ?? `column${col + 1}`, `${source}#${header[col] ?? `column${col + 1}`}`, loc, ctx);
    const end = b[i];
    i++;
    if (end === 10 || i >= b.length) {
      row++;
      col = 0;
    } else col++;
  }
  ctx.progress(b.length);
}

class JsonSyntax extends Error {}

/** Walks JSON bytes, scanning every string and number with its path; throws JsonSyntax when not JSON. */
function walkJson(b: Uint8Array, from: number, to: number, source: string, loc: Locator, ctx: FileScanContext): void {
  let i = from;
  const ws = () => {
    while (i < to && (b[i] === 32 || b[i] === 10 || b[i] === 13 || b[i] === 9)) i++;
  };
  const str = (): [number, number] => {
    if (b[i] !== 34) throw new JsonSyntax();
    const s = ++i;
    while (i < to && b[i] !== 34) i += b[i] === 92 ? 2 : 1;
    if (i >= to) throw new JsonSyntax();
    return [s, i++];
  };
  const value = (path: string, key: string, depth: number): void => {
    if (depth > 200) throw new JsonSyntax();
    ws();
    const c = b[i];
    if (c === 123) {
      i++;
      ws();
      if (b[i] === 125) {
        i++;
        return;
      }
      for (;;) {
        ws();
        const [ks, ke] = str();
        const k = decodeUtf8(b, ks, ke);
        ws();
        if (b[i++] !== 58) throw new JsonSyntax();
        value(/^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, k, depth + 1);
        ws();
        if (b[i] === 44) i++;
        else if (b[i] === 125) {
          i++;
          return;
        } else throw new JsonSyntax();
      }
    } else if (c === 91) {
      i++;
      ws();
      if (b[i] === 93) {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`, key, depth + 1);
        ws();
        if (b[i] === 44) i++;
        else if (b[i] === 93) {
          i++;
          return;
        } else throw new JsonSyntax();
      }
    } else if (c === 34) {
      const [s, e] = str();
      scanValue(b, s, e, key, `${source}#${path}`, loc, ctx);
    } else {
      const s = i;
      while (i < to && /[-+0-9.eEtrufalsn]/.test(String.fromCharCode(b[i]!))) i++;
      if (i === s) throw new JsonSyntax();
      if (b[s] !== 116 && b[s] !== 102 && b[s] !== 110) scanValue(b, s, i, key, `${source}#${path}`, loc, ctx);
    }
  };
  value("$", "", 0);
  ws();
  if (i < to) throw new JsonSyntax();
}

/** Scans a JSON document; false when it is not JSON (the caller scans it as text). */
export function scanJson(b: Uint8Array, source: string, ctx: FileScanContext): boolean {
  const records: Parameters<FileScanContext["record"]>[0][] = [];
  const buffered: FileScanContext = { ...ctx, record: (r) => records.push(r), progress: () => {} };
  try {
    walkJson(b, 0, b.length, source, new Locator(b), buffered);
  } catch (e) {
    if (e instanceof JsonSyntax) return false;
    throw e;
  }
  for (const r of records) ctx.record(r);
  ctx.progress(b.length);
  return true;
}

/** Scans JSON Lines: each line a document; a line that does not parse is scanned as text. */
export function scanJsonl(b: Uint8Array, source: string, ctx: FileScanContext): void {
  const loc = new Locator(b);
  let s = 0;
  while (s < b.length) {
    let e = b.indexOf(10, s);
    if (e < 0) e = b.length;
    if (e > s) {
      const records: Parameters<FileScanContext["record"]>[0][] = [];
      const buffered: FileScanContext = { ...ctx, record: (r) => records.push(r) };
      const mark = loc.mark();
      try {
        walkJson(b, s, e, source, loc, buffered);
      } catch (err) {
        if (!(err instanceof JsonSyntax)) throw err;
        records.length = 0;
        loc.reset(mark);
        scanValue(b, s, e, "", source, loc, buffered);
      }
      for (const r of records) ctx.record(r);
    }
    s = e + 1;
  }
  ctx.progress(b.length);
}
