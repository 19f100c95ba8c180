import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import {
  type AuditInput,
  type AuditReport,
  auditApp,
  buildNotice,
  DomainError,
  type Notice,
  parseManifestPermissions,
  parseSdkList,
  problemsCell,
  renderNoticeCsv,
  renderNoticeHtml,
} from "@pipguard/core";
import { renderNoticeXlsx } from "@pipguard/server";
import type { Command } from "commander";
import { emit, fail, table } from "../output.js";
import { readInput, readJson } from "./audit.js";

const MAX_TRACE_BYTES = 1024 * 1024 * 1024;

/** One session of a batch folder: NAME.trace.json with NAME.policy.* / NAME.sdk-list.* / NAME.manifest.* beside it,
 * or a sub-folder holding trace.json, policy.*, sdk-list.*, manifest.*. */
interface SessionFiles {
  name: string;
  trace: string;
  policy?: string;
  sdkList?: string;
  manifest?: string;
}

function sidecar(dir: string, prefix: string, exts: string[]): string | undefined {
  for (const e of exts) {
    const p = join(dir, `${prefix}${e}`);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function withSidecars(name: string, trace: string, dir: string, prefix: string): SessionFiles {
  const s: SessionFiles = { name, trace };
  const policy = sidecar(dir, `${prefix}policy`, [".md", ".html", ".htm", ".txt"]);
  const sdkList = sidecar(dir, `${prefix}sdk-list`, [".json", ".csv"]);
  const manifest = sidecar(dir, `${prefix}manifest`, [".xml", ".txt"]);
  if (policy) s.policy = policy;
  if (sdkList) s.sdkList = sdkList;
  if (manifest) s.manifest = manifest;
  return s;
}

/** Finds the sessions of a batch folder, in name order. */
export function discoverSessions(dir: string): SessionFiles[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DomainError("VALIDATION_FAILED", `not a folder: ${basename(dir)}`, { field: "dir" });
  const out: SessionFiles[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (entry.endsWith(".trace.json")) {
      const base = entry.slice(0, -".trace.json".length);
      out.push(withSidecars(base, p, dir, `${base}.`));
    } else if (statSync(p).isDirectory() && existsSync(join(p, "trace.json"))) out.push(withSidecars(entry, join(p, "trace.json"), p, ""));
  }
  if (out.length === 0) throw new DomainError("VALIDATION_FAILED", "no sessions found (NAME.trace.json files or folders with trace.json)", { field: "dir" });
  return out;
}

/** Audits every session of a folder; a bad session stops the batch with its name in the message. */
export function auditFolder(dir: string, appType?: string): { name: string; report: AuditReport }[] {
  return discoverSessions(dir).map((s) => {
    try {
      const input: AuditInput = { trace: readJson(s.trace, "trace", "INVALID_TRACE", MAX_TRACE_BYTES) };
      if (appType) input.appType = appType;
      if (s.policy) input.policy = readInput(s.policy, "policy");
      if (s.sdkList) input.sdkList = parseSdkList(readInput(s.sdkList, "sdk-list"));
      if (s.manifest) input.manifestPermissions = parseManifestPermissions(readInput(s.manifest, "manifest"));
      return { name: s.name, report: auditApp(input) };
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError(e.code, `session ${s.name}: ${e.message}`, e.details);
      throw e;
    }
  });
}

/** Writes the notice in the format the file extension names (.xlsx, .csv, .html, .json). */
export async function writeNotice(notice: Notice, out: string): Promise<void> {
  const ext = extname(out).toLowerCase();
  if (ext === ".xlsx") writeFileSync(out, await renderNoticeXlsx(notice));
  else if (ext === ".csv") writeFileSync(out, renderNoticeCsv(notice));
  else if (ext === ".html" || ext === ".htm") writeFileSync(out, renderNoticeHtml(notice));
  else if (ext === ".json") writeFileSync(out, `${JSON.stringify(notice, null, 2)}\n`);
  else throw new DomainError("VALIDATION_FAILED", "--out must end in .xlsx, .csv, .html or .json", { field: "out" });
}

/** `pipguard audit-batch DIR --out notice.xlsx [--deadline DATE] [--previous DIR]`: 批量检测与通报. */
export function registerAuditBatch(program: Command): void {
  program
    .command("audit-batch <dir>")
    .description("audit a folder of sessions and write the notice table (序号 | 应用名称 | 应用开发者 | 应用来源 | 应用版本 | 所涉问题)")
    .requiredOption("--out <file>", "notice file: .xlsx, .csv, .html or .json")
    .option("--deadline <date>", "rectification deadline (整改期限), YYYY-MM-DD")
    .option("--previous <dir>", "the earlier inspection's folder: re-inspection marks each earlier finding fixed / not fixed")
    .option("--title <text>", "notice title")
    .option("--app-type <type>", "app type for sessions that do not name one")
    .option("--json", "machine-readable summary")
    .action(async (dir: string, opts: { out: string; deadline?: string; previous?: string; title?: string; appType?: string; json?: boolean }) => {
      try {
        const current = auditFolder(dir, opts.appType).map((x) => x.report);
        const previous = opts.previous ? auditFolder(opts.previous, opts.appType).map((x) => x.report) : undefined;
        const notice = buildNotice(current, {
          ...(opts.deadline ? { deadline: opts.deadline } : {}),
          ...(previous ? { previous } : {}),
          ...(opts.title ? { title: opts.title } : {}),
        });
        await writeNotice(notice, opts.out);
        emit(Boolean(opts.json), { out: opts.out, inspected: current.length, listed: notice.rows.length, notice }, () =>
          [
            table([["序号", "应用名称", "应用版本", "所涉问题"], ...notice.rows.map((r) => [String(r.no), r.name, r.version, problemsCell(r)])]),
            `${current.length} sessions inspected, ${notice.rows.length} apps listed → ${opts.out}`,
          ].join("\n"),
        );
      } catch (e) {
        fail(e, Boolean(opts.json));
      }
    });
}
