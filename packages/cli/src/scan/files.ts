/**
 * Walks the paths given to `pipguard scan` and scans each file by its kind: CSV/TSV, JSON, JSONL,
 * everything else as text (logs included). Binary files are skipped with a note.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { DomainError } from "@pipguard/core";
import { scanCsv, scanJson, scanJsonl } from "./structured-file.js";
import { scanTextFile } from "./text-file.js";
import type { FileScanContext } from "./types.js";

/** Structured files larger than this are scanned as text (they would be read whole). */
const MAX_STRUCTURED = 256 * 1024 * 1024;
const SKIP_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);

/** Files under the given paths (directories recursively), with their sizes. */
export function listFiles(paths: readonly string[]): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const visit = (p: string) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) throw new DomainError("NOT_FOUND", `no such file or directory: ${p}`);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!SKIP_DIRS.has(name)) visit(join(p, name));
    } else if (st.isFile()) out.push({ path: p, size: st.size });
  };
  for (const p of paths) visit(p);
  return out;
}

/** True when the first bytes look binary: a NUL byte, as git and grep decide. */
export function looksBinary(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.allocUnsafe(8192);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Scans one file; `source` is the path as shown (relative to the working directory). */
export function scanFile(path: string, size: number, ctx: FileScanContext): void {
  const source = relative(process.cwd(), path) || path;
  if (looksBinary(path)) {
    ctx.note(`skipped binary file ${source}`);
    ctx.progress(size);
    return;
  }
  const ext = extname(path).toLowerCase();
  if (size <= MAX_STRUCTURED && (ext === ".csv" || ext === ".tsv" || ext === ".json" || ext === ".jsonl" || ext === ".ndjson")) {
    const b = readFileSync(path);
    if (ext === ".csv" || ext === ".tsv") {
      scanCsv(b, source, ctx, ext === ".csv" ? 44 : 9);
      return;
    }
    if (ext === ".jsonl" || ext === ".ndjson") {
      scanJsonl(b, source, ctx);
      return;
    }
    if (scanJson(b, source, ctx)) return;
    ctx.note(`${source} is not valid JSON; scanned as text`);
  }
  scanTextFile(path, source, ctx);
}
