import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { DomainError, isDomainError, weekdayOf } from "@pipguard/core";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail, table } from "../output.js";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** `pipguard calendar due|days|overrides|import`: the working-day calendar (工作日历). */
export function registerCalendar(program: Command): void {
  const cmd = program.command("calendar").description("working-day calendar: mainland holidays and 调休 / 工作日历");
  cmd
    .command("due <date>")
    .description("the date N working days after a day of receipt (which is not counted, Civil Code Art. 201)")
    .requiredOption("--working-days <n>", "working days to add (PIPL Art. 50 rights requests: 15)")
    .option("--json", "machine-readable output")
    .action(async (date: string, opts: { workingDays: string; json?: boolean }) => {
      try {
        const n = parseCount(opts.workingDays);
        // Overrides live in the database, so even this read goes through the configured context.
        const { due, provisional, last } = await withContext(async (ctx) => ({
          ...ctx.calendar.addWorkingDays(date, n),
          last: ctx.calendar.knownYears().last,
        }));
        // Compact on purpose: `{"due":"…","provisional":…}` is the documented scripting format.
        if (opts.json) process.stdout.write(`${JSON.stringify({ due, provisional })}\n`);
        else process.stdout.write(`${due}\n${provisional ? `(provisional: computed on weekdays beyond ${last})\n` : ""}`);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  cmd
    .command("days <from> <to>")
    .description("each day of a range (at most 400) with its kind and source")
    .option("--json", "machine-readable output")
    .action(async (from: string, to: string, opts: { json?: boolean }) => {
      try {
        const days = await withContext(async (ctx) => ctx.calendar.days(from, to));
        emit(Boolean(opts.json), days, () =>
          table([
            ["DATE", "DAY", "KIND", "WORKING", "SOURCE", "NAME"],
            ...days.map((d) => [d.date, WEEKDAYS[weekdayOf(d.date)] ?? "", d.kind, d.working ? "yes" : "no", d.source, d.name ?? ""]),
          ]),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  cmd
    .command("overrides")
    .description("list the calendar overrides")
    .option("--json", "machine-readable output (an array that `calendar import` reads back)")
    .action(async (opts: { json?: boolean }) => {
      try {
        const items = await withContext((ctx) => ctx.calendar.listOverrides());
        emit(Boolean(opts.json), items, () =>
          items.length === 0
            ? "(no overrides)"
            : table([["DATE", "KIND", "NAME", "SOURCE", "UPDATED"], ...items.map((o) => [o.date, o.kind, o.name ?? "", o.source, o.updatedAt])]),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
  cmd
    .command("import <file>")
    .description("import overrides from a .json or .csv file (date,kind,name); all rows or none")
    .option("--json", "machine-readable output")
    .action(async (file: string, opts: { json?: boolean }) => {
      const json = Boolean(opts.json);
      const format = extname(file).toLowerCase().slice(1);
      if (format !== "json" && format !== "csv") {
        process.stderr.write("pipguard: calendar import reads a .json or .csv file\n");
        process.exitCode = EXIT.usage;
        return;
      }
      try {
        const text = readImportFile(file);
        const r = await withContext((ctx) => ctx.calendar.importOverrides(text, format));
        emit(json, r, () => `imported ${r.imported} override(s): ${r.created} new, ${r.updated} replaced`);
      } catch (e) {
        failWithIssues(e, json);
      }
    });
}

function parseCount(raw: string): number {
  if (!/^\d{1,5}$/.test(raw.trim())) {
    throw new DomainError("VALIDATION_FAILED", "--working-days must be a whole number from 0 to 3650");
  }
  return Number(raw.trim());
}

function readImportFile(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new DomainError("NOT_FOUND", "cannot read the file");
  }
  if (size > MAX_IMPORT_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE", `the file is over ${MAX_IMPORT_BYTES} bytes`);
  return readFileSync(file, "utf8");
}

/** Like `fail`, plus one line per import problem (line and column only, never a value). */
function failWithIssues(e: unknown, json: boolean): void {
  const issues = isDomainError(e) && Array.isArray(e.details?.issues) ? (e.details.issues as { path: string; message: string }[]) : [];
  if (json && isDomainError(e)) {
    process.stderr.write(`${JSON.stringify({ error: { code: e.code, message: e.message, issues } })}\n`);
    process.exitCode = e.code === "VALIDATION_FAILED" ? EXIT.usage : EXIT.failure;
    return;
  }
  fail(e, json);
  for (const i of issues) process.stderr.write(`  ${i.message}\n`);
}
