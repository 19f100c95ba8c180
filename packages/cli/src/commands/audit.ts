import { readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import {
  type AuditInput,
  auditApp,
  convertCamille,
  DomainError,
  lintPolicy,
  type PiTrace,
  parseManifestPermissions,
  parseSdkList,
  renderAuditHtml,
  renderAuditMarkdown,
} from "@pipguard/core";
import type { Command } from "commander";
import { emit, fail } from "../output.js";
import { registerAuditBatch } from "./audit-batch.js";

const MAX_TRACE_BYTES = 1024 * 1024 * 1024; // a 1M-event session is ~220 MB of JSON
const MAX_TEXT_BYTES = 20 * 1024 * 1024;

/** Reads a UTF-8 input file with a size cap; a missing file is a usage error naming the option. */
export function readInput(path: string, what: string, max = MAX_TEXT_BYTES): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new DomainError("VALIDATION_FAILED", `${what}: file not found: ${basename(path)}`, { field: what });
  }
  if (size > max) throw new DomainError("PAYLOAD_TOO_LARGE", `${what}: file larger than ${Math.round(max / 1048576)} MB`, { field: what });
  return readFileSync(path, "utf8");
}

/** Parses a JSON input file, turning a syntax error into a DomainError. */
export function readJson(path: string, what: string, code: "INVALID_TRACE" | "INVALID_AUDIT_INPUT", max?: number): unknown {
  const text = readInput(path, what, max);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError(code, `${what}: not valid JSON`, { field: "$" });
  }
}

interface AuditOpts {
  trace: string;
  manifest?: string;
  policy?: string;
  sdkList?: string;
  appType?: string;
  format?: string;
  lang?: string;
  out?: string;
  json?: boolean;
}

function lang(v: string | undefined): "zh" | "en" {
  if (v === undefined || v === "zh" || v === "en") return v ?? "zh";
  throw new DomainError("VALIDATION_FAILED", "--lang must be zh or en", { field: "lang" });
}

/** `pipguard audit-app`, `pipguard lint-policy`, `pipguard trace convert`: the app compliance audit. */
export function registerAudit(program: Command): void {
  registerAuditBatch(program);
  program
    .command("audit-app")
    .description("audit one app test session (pi-trace/1) against the MIIT/CAC rules / App 个人信息合规检测")
    .requiredOption("--trace <file>", "pi-trace/1 JSON of the session")
    .option("--manifest <file>", "AndroidManifest.xml (text) or `aapt dump permissions` output")
    .option("--policy <file>", "privacy policy (HTML, Markdown or text)")
    .option("--sdk-list <file>", "declared SDK list (JSON or CSV) / SDK清单")
    .option("--app-type <type>", "one of the 39 app types, e.g. 网上购物类")
    .option("--format <format>", "json | html | md", "json")
    .option("--lang <lang>", "report language for html/md: zh | en", "zh")
    .option("--out <file>", "write the report to a file instead of stdout")
    .option("--json", "machine-readable output (same as --format json)")
    .action((opts: AuditOpts) => {
      try {
        const format = opts.json ? "json" : (opts.format ?? "json");
        if (!["json", "html", "md"].includes(format)) throw new DomainError("VALIDATION_FAILED", "--format must be json, html or md", { field: "format" });
        const l = lang(opts.lang);
        const input: AuditInput = { trace: readJson(opts.trace, "trace", "INVALID_TRACE", MAX_TRACE_BYTES) };
        if (opts.appType) input.appType = opts.appType;
        if (opts.policy) input.policy = readInput(opts.policy, "policy");
        if (opts.sdkList) input.sdkList = parseSdkList(readInput(opts.sdkList, "sdk-list"));
        if (opts.manifest) input.manifestPermissions = parseManifestPermissions(readInput(opts.manifest, "manifest"));
        const report = auditApp(input);
        const trace = input.trace as PiTrace; // validated by auditApp
        const text =
          format === "json"
            ? `${JSON.stringify(report, null, 2)}\n`
            : format === "html"
              ? renderAuditHtml(report, { lang: l, trace })
              : renderAuditMarkdown(report, { lang: l, trace });
        if (opts.out) {
          writeFileSync(opts.out, text);
          const failed = report.checks.filter((c) => c.status === "fail").length;
          process.stderr.write(`${opts.out}: ${report.findings.length} findings, ${failed} rules failed\n`);
        } else process.stdout.write(text);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  program
    .command("lint-policy <file>")
    .description("check a privacy policy for the content PIPL Art. 17 requires / 隐私政策内容检查")
    .option("--lang <lang>", "zh | en", "zh")
    .option("--json", "machine-readable output")
    .action((file: string, opts: { lang?: string; json?: boolean }) => {
      try {
        const l = lang(opts.lang);
        const r = lintPolicy(readInput(file, "policy"));
        emit(Boolean(opts.json), r, () =>
          [
            ...r.requirements.map((q) => `${q.status === "found" ? "✔" : "✘"} ${q[l]} (${q.basis})${q.sentences[0] ? `\n    “${q.sentences[0]}”` : ""}`),
            `${r.found} found, ${r.missing} missing`,
          ].join("\n"),
        );
        if (r.missing > 0) process.exitCode = 1;
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });

  const trace = program.command("trace").description("pi-trace/1 utilities");
  trace
    .command("convert <file>")
    .description("convert a hook tool's export into pi-trace/1 (Camille CSV: 隐私政策状态, 时间点, 行为主体, 操作行为, 行为描述, 传入参数, 调用堆栈)")
    .requiredOption("--from <tool>", "source tool: camille")
    .option("--app-name <name>", "session.app.name")
    .option("--package <name>", "session.app.packageName (decides first-party frames)")
    .option("--app-type <type>", "session.app.appType")
    .option("--out <file>", "write to a file instead of stdout")
    .option("--json", "errors as JSON")
    .action((file: string, opts: { from: string; appName?: string; package?: string; appType?: string; out?: string; json?: boolean }) => {
      try {
        if (opts.from !== "camille") throw new DomainError("VALIDATION_FAILED", "--from supports: camille", { field: "from" });
        const app: Record<string, string> = {};
        if (opts.appName) app.name = opts.appName;
        if (opts.package) app.packageName = opts.package;
        if (opts.appType) app.appType = opts.appType;
        const doc = convertCamille(readInput(file, "camille export", MAX_TRACE_BYTES), app);
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
