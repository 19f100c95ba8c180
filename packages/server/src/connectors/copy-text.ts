/**
 * PostgreSQL's COPY text format, as COPY … TO STDOUT writes it: one line per row, columns separated
 * by a tab, `\N` for NULL, and within a value a backslash escapes itself, a tab, a newline, a carriage
 * return, a backspace, a form feed or a vertical tab (`\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`;
 * `\digits` octal and `\xHH` hex are read as well). Every other character stands for itself.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */
import type { CellValue, Row } from "@pipguard/core";
import { toCell } from "./sql-base.js";

const SIMPLE: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** A value with its backslash escapes undone. */
export function unescapeCopy(s: string): string {
  let out = "";
  let from = 0;
  for (let i = s.indexOf("\\"); i >= 0 && i < s.length - 1; i = s.indexOf("\\", from)) {
    out += s.slice(from, i);
    const c = s[i + 1] as string;
    if (c >= "0" && c <= "7") {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1)) as RegExpExecArray;
      out += String.fromCharCode(Number.parseInt(m[0], 8));
      from = i + 1 + m[0].length;
    } else if (c === "x" && /^[0-9a-fA-F]/.test(s.slice(i + 2))) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2)) as RegExpExecArray;
      out += String.fromCharCode(Number.parseInt(m[0], 16));
      from = i + 2 + m[0].length;
    } else {
      out += SIMPLE[c] ?? c;
      from = i + 2;
    }
  }
  return out + s.slice(from);
}

/**
 * Parses whole lines of COPY text (`text` ends with a newline) into rows keyed by `columns`, each
 * non-NULL value through its column's type parser (the parser a SELECT's text result would use), and
 * appends them to `into`. A line with another number of columns is an error, never a shifted row.
 */
export function parseCopyText(text: string, columns: readonly string[], parsers: readonly ((v: string) => unknown)[], into: Row[]): void {
  const n = columns.length;
  const last = n - 1;
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    const eol = text.indexOf("\n", pos);
    if (eol < 0) throw new Error("COPY text: a row without its newline");
    const row: Row = {};
    for (let c = 0; c < n; c++) {
      let stop: number;
      if (c === last) {
        stop = eol;
        const tab = text.indexOf("\t", pos);
        if (tab >= 0 && tab < eol) throw new Error(`COPY text: a row with more than ${n} columns`);
      } else {
        stop = text.indexOf("\t", pos);
        if (stop < 0 || stop > eol) throw new Error(`COPY text: a row with fewer than ${n} columns`);
      }
      let raw = text.slice(pos, stop);
      let v: unknown;
      if (raw === "\\N") v = null;
      else {
        if (raw.includes("\\")) raw = unescapeCopy(raw);
        v = (parsers[c] as (v: string) => unknown)(raw);
      }
      row[columns[c] as string] = v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? (v as CellValue) : toCell(v);
      pos = stop + 1;
    }
    into.push(row);
  }
}
