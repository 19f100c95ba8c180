import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { APP_TYPES, DomainError, isDomainError, LEGAL_BASES, PI_CATEGORIES } from "@pipguard/core";
import {
  type CatalogFormat,
  catalogService,
  checkCatalog,
  exportCatalog,
  type ImportResult,
  importCatalog,
  recordOfProcessing,
  renderDocument,
  renderRopaCsv,
  renderRopaHtml,
} from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail, table } from "../output.js";

function usage(message: string): void {
  process.stderr.write(`pipguard: ${message}\n`);
  process.exitCode = EXIT.usage;
}

/** Like fail(), but also lists each issue of a catalog error with its path (never a value). */
function failWithIssues(err: unknown, json: boolean): void {
  const issues = isDomainError(err) && Array.isArray(err.details?.issues) ? (err.details.issues as { path: string; code: string; message: string }[]) : [];
  if (issues.length === 0) {
    fail(err, json);
    return;
  }
  const e = err as DomainError;
  if (json) process.stderr.write(`${JSON.stringify({ error: { code: e.code, message: e.message, issues } })}\n`);
  else process.stderr.write(`pipguard: ${e.code}: ${e.message}\n${issues.map((i) => `  ${i.path}: ${i.message} (${i.code})`).join("\n")}\n`);
  process.exitCode = e.code === "VALIDATION_FAILED" ? EXIT.usage : EXIT.failure;
}

/** Writes `text` to --out (and reports it) or to standard output. */
function output(text: string, opts: { out?: string; json?: boolean }, what: Record<string, unknown>): void {
  if (!opts.out) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(opts.out, text, "utf8");
  emit(Boolean(opts.json), { written: opts.out, bytes: Buffer.byteLength(text), ...what }, () => `wrote ${opts.out}`);
}

function summary(r: ImportResult): string {
  const parts = (counts: ImportResult["created"]) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ") || "nothing";
  const head = `${r.dryRun ? "dry run — would create" : "created"} ${parts(r.created)}; ${r.dryRun ? "would update" : "updated"} ${parts(r.updated)}`;
  const warnings = r.warnings.map((w) => `  warning ${w.path}: ${w.message} (${w.code}${w.article ? `, ${w.article}` : ""})`);
  return [head, ...warnings].join("\n");
}

/** `pipguard catalog import|export|ropa|purposes|validate|taxonomy`. */
export function registerCatalog(program: Command): void {
  const cmd = program.command("catalog").description("data map / 数据地图: import, export, record of processing (个人信息处理活动记录)");

  cmd
    .command("import <file>")
    .description("import a catalog document (.yaml, .yml or .json); all or nothing, merged by key")
    .option("--dry-run", "check and count, change nothing")
    .option("--json", "machine-readable output")
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const ext = extname(file).toLowerCase();
      const format: CatalogFormat | undefined = ext === ".yaml" || ext === ".yml" ? "yaml" : ext === ".json" ? "json" : undefined;
      if (!format) return usage("the file must end in .yaml, .yml or .json");
      try {
        let content: string;
        try {
          content = readFileSync(file, "utf8");
        } catch {
          throw new DomainError("NOT_FOUND", `cannot read ${file}`);
        }
        const r = await withContext((ctx) => importCatalog(catalogService(ctx), { format, content, dryRun: Boolean(opts.dryRun) }));
        emit(Boolean(opts.json), r, () => summary(r));
      } catch (e) {
        failWithIssues(e, Boolean(opts.json));
      }
    });

  cmd
    .command("export")
    .description("export the catalog as a document (connection strings are never exported)")
    .option("--format <format>", "yaml or json", "yaml")
    .option("--out <file>", "write to a file instead of standard output")
    .option("--json", "JSON document on standard output; with --out, a JSON summary")
    .action(async (opts: { format: string; out?: string; json?: boolean }) => {
      const format = opts.json && !opts.out ? "json" : opts.format;
      if (format !== "yaml" && format !== "json") return usage("--format must be yaml or json");
      try {
        const doc = await withContext((ctx) => exportCatalog(catalogService(ctx)));
        output(renderDocument(doc, format), opts, { format });
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  cmd
    .command("ropa")
    .description("record of processing activities / 个人信息处理活动记录 (PIPL Art. 55)")
    .option("--format <format>", "json, csv (UTF-8 with BOM, opens in Excel) or html (printable)", "json")
    .option("--out <file>", "write to a file instead of standard output")
    .option("--json", "with --out, print a JSON summary")
    .action(async (opts: { format: string; out?: string; json?: boolean }) => {
      if (!["json", "csv", "html"].includes(opts.format)) return usage("--format must be json, csv or html");
      try {
        const record = await withContext((ctx) => recordOfProcessing(catalogService(ctx)));
        const text = opts.format === "csv" ? renderRopaCsv(record) : opts.format === "html" ? renderRopaHtml(record) : `${JSON.stringify(record, null, 2)}\n`;
        output(text, opts, { format: opts.format, purposes: record.activities.length });
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  cmd
    .command("purposes")
    .description("list processing purposes / 处理目的 with legal basis and consent")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      try {
        const purposes = await withContext((ctx) => catalogService(ctx).listPurposes());
        emit(Boolean(opts.json), purposes, () =>
          table([
            ["CODE", "名称 NAME", "LEGAL BASIS", "NECESSITY", "CONSENT", "REQUIRED", "SENSITIVE", "X-BORDER"],
            ...purposes.map((p) => [
              p.code,
              `${p.nameZh} ${p.nameEn}`,
              p.legalBasis,
              p.necessity,
              p.consentKind,
              p.requiredConsentKind === p.consentKind ? p.requiredConsentKind : `${p.requiredConsentKind} (!)`,
              p.sensitive ? "yes" : "no",
              p.crossBorder ? "yes" : "no",
            ]),
          ]),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  cmd
    .command("validate")
    .description("check the catalog: errors and compliance warnings (exit 1 when there are errors)")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      try {
        const issues = await withContext((ctx) => checkCatalog(catalogService(ctx)));
        emit(Boolean(opts.json), issues, () =>
          issues.length === 0
            ? "no issues"
            : issues.map((i) => `${i.severity} ${i.path}: ${i.message} (${i.code}${i.article ? `, ${i.article}` : ""})`).join("\n"),
        );
        if (issues.some((i) => i.severity === "error")) process.exitCode = EXIT.failure;
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  const tax = cmd.command("taxonomy").description("the taxonomies pipguard ships (GB/T 35273, the 39 app types, PIPL Art. 13)");
  tax
    .command("app-types")
    .description("the 39 app types and their necessary PI / 39类App必要个人信息范围")
    .option("--json", "machine-readable output")
    .action((opts: { json?: boolean }) => {
      emit(Boolean(opts.json), APP_TYPES, () =>
        table([
          ["NO", "ID", "类型", "TYPE", "必要个人信息 NECESSARY PI"],
          ...APP_TYPES.map((t) => [String(t.no), t.id, t.zh, t.en, t.necessaryPiZh.join("；") || "无须个人信息"]),
        ]),
      );
    });
  tax
    .command("pi-categories")
    .description("GB/T 35273-2020 Appendix A categories and their Appendix B sensitivity")
    .option("--json", "machine-readable output")
    .action((opts: { json?: boolean }) => {
      emit(Boolean(opts.json), PI_CATEGORIES, () =>
        table([["ID", "类别", "CATEGORY", "SENSITIVE", "VERIFIED"], ...PI_CATEGORIES.map((c) => [c.id, c.zh, c.en, c.sensitivity, c.verified ? "yes" : "no"])]),
      );
    });
  tax
    .command("legal-bases")
    .description("the legal bases of PIPL Art. 13")
    .option("--json", "machine-readable output")
    .action((opts: { json?: boolean }) => {
      emit(Boolean(opts.json), LEGAL_BASES, () => table([["ID", "ARTICLE", "EN"], ...LEGAL_BASES.map((b) => [b.id, b.article, b.en])]));
    });
}
