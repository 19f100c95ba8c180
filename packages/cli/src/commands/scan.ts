import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { compileUserPattern, DEFAULT_MIN_SCORE, DomainError, parseUserPattern, UserPatternMatcher } from "@pipguard/core";
import { classifyDatabase, parseTypes, REDACT_MODES, type RedactMode, redactText, restoreText, suggestFields, TokenVault } from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { fail, table } from "../output.js";
import { listFiles, scanFile } from "../scan/files.js";
import { jsonlLine, SCAN_FORMATS, type ScanFormat, sarif, tableText } from "../scan/format.js";
import { progressBar } from "../scan/progress.js";
import type { ScanRecord } from "../scan/types.js";

interface ScanOpts {
  format?: string;
  reveal?: boolean;
  types?: string;
  minScore?: string;
  json?: boolean;
  db?: string;
  store?: string;
  table?: string;
  sample?: string;
  pattern?: string[];
  patternBudget?: string;
}

/**
 * The matcher of `--pattern NAME=REGEX` (repeatable), or undefined. Patterns run on V8's
 * linear-time RegExp engine (switched on here, before any pattern is compiled), which refuses
 * backreferences and lookaround; each also has a time budget (`--pattern-budget`, milliseconds).
 */
function userPatterns(opts: ScanOpts, note: (m: string) => void): UserPatternMatcher | undefined {
  if (!opts.pattern || opts.pattern.length === 0) return undefined;
  const budget = opts.patternBudget === undefined ? 10_000 : Number(opts.patternBudget);
  if (!Number.isFinite(budget) || budget <= 0) throw new DomainError("VALIDATION_FAILED", "--pattern-budget must be a positive number of milliseconds");
  setFlagsFromString("--enable-experimental-regexp-engine");
  const specs = opts.pattern.map(parseUserPattern);
  const names = new Set<string>();
  for (const p of specs) {
    if (names.has(p.name)) throw new DomainError("VALIDATION_FAILED", `pattern ${p.name} is given twice`, { name: p.name });
    names.add(p.name);
  }
  const patterns = specs.map((p) => compileUserPattern(p, (src, flags) => new RegExp(src, flags)));
  return new UserPatternMatcher(
    patterns,
    () => performance.now(),
    budget,
    (name) => note(`pattern ${name} used up its time budget (${budget} ms) and was stopped; the rest of the scan is not matched against it`),
  );
}

function parseMinScore(s: string | undefined): number {
  if (s === undefined) return DEFAULT_MIN_SCORE;
  const v = Number(s);
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new DomainError("VALIDATION_FAILED", "--min-score must be a number between 0 and 1");
  return v;
}

function splitList(s: string | undefined): string[] | undefined {
  return s
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Buffered stdout for many small writes (JSONL over large trees). */
function lineWriter() {
  let buf = "";
  return {
    write(s: string) {
      buf += s;
      if (buf.length > 65536) {
        process.stdout.write(buf);
        buf = "";
      }
    },
    flush() {
      if (buf) process.stdout.write(buf);
      buf = "";
    },
  };
}

/** `pipguard scan`, `pipguard redact`, `pipguard restore`: PI discovery and de-identification (去标识化). */
export function registerScan(program: Command): void {
  program
    .command("scan")
    .description("find personal information in files and directories (text, logs, CSV, JSON, JSONL)")
    .argument("[paths...]", "files or directories (recursively)")
    .option("--format <format>", `output format: ${SCAN_FORMATS.join(" | ")}`, "table")
    .option("--reveal", "print values as written instead of masked")
    .option("--types <list>", "only these PI types, comma-separated (e.g. cn_mobile,cn_resident_id)")
    .option("--min-score <score>", `drop findings scored below this (default ${DEFAULT_MIN_SCORE})`)
    .option("--json", "same as --format json")
    .option("--db <url>", "classify the columns of a database instead (postgres://…[?schema=S], mysql://…, or a SQLite file)")
    .option("--store <id>", "classify a cataloged data store and record catalog field suggestions (accept or reject them in the API)")
    .option("--table <name>", "with --db / --store: only this table")
    .option("--sample <n>", "with --db: rows sampled per table", "1000")
    .option(
      "--pattern <NAME=REGEX>",
      "also find your own identifiers, reported as custom:NAME (repeatable; linear-time regular expressions: no backreferences or lookaround)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option("--pattern-budget <ms>", "time in milliseconds each --pattern may use before it is stopped with a note", "10000")
    .action(async (paths: string[], opts: ScanOpts) => {
      const format = (opts.json ? "json" : (opts.format ?? "table")) as ScanFormat;
      if (opts.db || opts.store) {
        await scanDb(opts, format);
        return;
      }
      try {
        if (!SCAN_FORMATS.includes(format)) throw new DomainError("VALIDATION_FAILED", `--format must be one of ${SCAN_FORMATS.join(", ")}`);
        if (paths.length === 0) throw new DomainError("VALIDATION_FAILED", "give at least one file or directory to scan");
        const types = parseTypes(splitList(opts.types));
        const minScore = parseMinScore(opts.minScore);
        const files = listFiles(paths);
        const bar = progressBar(files.reduce((n, f) => n + f.size, 0));
        const out = lineWriter();
        const records: ScanRecord[] = [];
        const note = (m: string) => process.stderr.write(`pipguard: ${m}\n`);
        const patterns = userPatterns(opts, note);
        const ctx = {
          opts: { types, minScore },
          reveal: Boolean(opts.reveal),
          patterns,
          record: (r: ScanRecord) => (format === "jsonl" ? out.write(`${jsonlLine(r)}\n`) : records.push(r)),
          note,
          progress: (n: number) => bar.add(n),
        };
        for (const f of files) {
          try {
            scanFile(f.path, f.size, ctx);
          } catch (e) {
            if (e instanceof DomainError) throw e;
            ctx.note(`could not read ${f.path}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
            process.exitCode = 1;
          }
        }
        bar.done();
        out.flush();
        if (format === "json") process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        else if (format === "sarif") process.stdout.write(`${JSON.stringify(sarif(records), null, 2)}\n`);
        else if (format === "table") process.stdout.write(`${tableText(records)}\n`);
      } catch (e) {
        fail(e, format === "json");
      }
    });

  program
    .command("redact")
    .description("read standard input and write it back with personal information masked, replaced or tokenized")
    .option("--mode <mode>", `mask | replace | tokenize | redact | generalize`, "mask")
    .option("--types <list>", "only these PI types, comma-separated")
    .option("--min-score <score>", `drop findings scored below this (default ${DEFAULT_MIN_SCORE})`)
    .option("--vault <file>", "token vault file for --mode tokenize (created if missing; holds PI, kept 0600)")
    .option("--json", "print {text, findings} as JSON")
    .action((opts: { mode: string; types?: string; minScore?: string; vault?: string; json?: boolean }) => {
      try {
        const modes: readonly string[] = REDACT_MODES.filter((m) => m !== "hash" && m !== "encrypt");
        if (!modes.includes(opts.mode)) throw new DomainError("VALIDATION_FAILED", `--mode must be one of ${modes.join(", ")}`);
        if (opts.mode === "tokenize" && !opts.vault) throw new DomainError("VALIDATION_FAILED", "--mode tokenize needs --vault FILE");
        const vault = opts.mode === "tokenize" ? loadVault(opts.vault!, false) : undefined;
        const input = readFileSync(0, "utf8");
        const res = redactText(input, { mode: opts.mode as RedactMode, types: splitList(opts.types), minScore: parseMinScore(opts.minScore), vault });
        if (vault) writeFileSync(opts.vault!, JSON.stringify(vault.toData()), { mode: 0o600 });
        process.stdout.write(opts.json ? `${JSON.stringify(res)}\n` : res.text);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  program
    .command("restore")
    .description("read tokenized text on standard input and write it back with the vault's values")
    .requiredOption("--vault <file>", "the token vault written by `pipguard redact --mode tokenize`")
    .option("--json", "machine-readable errors")
    .action((opts: { vault: string; json?: boolean }) => {
      try {
        const vault = loadVault(opts.vault, true);
        process.stdout.write(restoreText(readFileSync(0, "utf8"), { vault }));
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}

/** `scan --db`: one line per column with its suggested PI type, the matched share and the catalog entry. */
async function scanDb(opts: ScanOpts, format: ScanFormat): Promise<void> {
  try {
    if (!SCAN_FORMATS.includes(format)) throw new DomainError("VALIDATION_FAILED", `--format must be one of ${SCAN_FORMATS.join(", ")}`);
    const sample = Number(opts.sample);
    if (opts.store) {
      const items = await withContext((ctx) => suggestFields(ctx, opts.store!, { table: opts.table, sample }));
      if (format === "table")
        process.stdout.write(
          `${table([["ID", "COLUMN", "TYPE", "SHARE", "CATEGORY", "SENSITIVE", "STATUS"], ...items.map((s) => [s.id, `${s.table}.${s.column}`, s.piType, `${(s.share * 100).toFixed(0)}%`, s.category, s.sensitive ? "yes" : "no", s.status])])}\n`,
        );
      else process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      return;
    }
    const found = await classifyDatabase(opts.db!, { table: opts.table, sample });
    const rows = found.map((f) => ({
      table: f.table,
      column: f.column,
      type: f.type,
      share: f.share,
      sampled: f.sampled,
      suggestion: { piType: f.type, categoryId: f.categoryId, sensitive: f.sensitive },
    }));
    if (format === "jsonl") process.stdout.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
    else if (format === "json" || format === "sarif") process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else
      process.stdout.write(
        `${
          rows.length === 0
            ? "no personal information found"
            : table([
                ["COLUMN", "TYPE", "SHARE", "SAMPLED", "CATEGORY", "SENSITIVE"],
                ...rows.map((r) => [
                  `${r.table}.${r.column}`,
                  r.type,
                  `${(r.share * 100).toFixed(0)}%`,
                  String(r.sampled),
                  r.suggestion.categoryId ?? "-",
                  r.suggestion.sensitive ? "yes" : "no",
                ]),
              ])
        }\n`,
      );
  } catch (e) {
    fail(e, format === "json");
  }
}

function loadVault(path: string, mustExist: boolean): TokenVault {
  if (!existsSync(path)) {
    if (mustExist) throw new DomainError("NOT_FOUND", "vault file not found");
    return new TokenVault();
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new DomainError("VALIDATION_FAILED", "not a pipguard token vault");
  }
  return TokenVault.fromData(data);
}
