/**
 * `pipguard access contractor|view|grant|alerts` (委托处理, PIPL Art. 21), `pipguard accesslog
 * verify|export` (PIPL Art. 54 audits) and `pipguard leak trace FILE`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { DomainError } from "@pipguard/core";
import {
  accessLogCsv,
  accessLogCsvHeader,
  accessLogPages,
  createContractor,
  createContractorKey,
  createGrant,
  listAlerts,
  listContractors,
  listGrants,
  listViews,
  readViewFile,
  saveView,
  setGrantStatus,
  traceLeak,
  verifyAccessLog,
} from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail, table } from "../output.js";

type Json = { json?: boolean };

/** Runs one command body with the context, printing its result or its error. */
function run<O extends Json, T>(o: O, body: (o: O) => Promise<T>, human: (r: T) => string): Promise<void> {
  return body(o)
    .then((r) => emit(Boolean(o.json), r, () => human(r)))
    .catch((e: unknown) => fail(e, Boolean(o.json)));
}

function hoursOf(s: string | undefined): { start: number; end: number } | null {
  if (!s) return null;
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(s);
  if (!m) throw new DomainError("VALIDATION_FAILED", "--hours must look like 9-18 (Asia/Shanghai, end exclusive)");
  return { start: Number(m[1]), end: Number(m[2]) };
}

function registerContractors(access: Command): void {
  const c = access.command("contractor").description("entrusted processors / 受托人");
  c.command("create <name>")
    .description("add a contractor")
    .option("--json", "machine-readable output")
    .action((name: string, o: Json) =>
      run(
        o,
        () => withContext((ctx) => createContractor(ctx, name)),
        (r) => `contractor ${r.id} created`,
      ),
    );
  c.command("list")
    .description("list contractors")
    .option("--json", "machine-readable output")
    .action((o: Json) =>
      run(
        o,
        async () => ({ items: await withContext((ctx) => listContractors(ctx)) }),
        (r) => table([["ID", "NAME", "CREATED"], ...r.items.map((x) => [x.id, x.name, x.createdAt])]),
      ),
    );
  c.command("key <contractor>")
    .description("issue a contractor key (permission access:pull only); the secret is shown once")
    .option("--json", "machine-readable output")
    .action((contractor: string, o: Json) =>
      run(
        o,
        () => withContext((ctx) => createContractorKey(ctx, contractor, "cli")),
        (r) => `contractor key (shown once, give it to the contractor now):\n${r.secret}`,
      ),
    );
}

function registerViews(access: Command): void {
  const v = access.command("view").description("views: store, table, fields with masks, row filter, subject column");
  v.command("create")
    .description("create or replace a view from a JSON or YAML file (see docs/protection.md)")
    .requiredOption("--file <path>", "the view definition")
    .option("--json", "machine-readable output")
    .action((o: Json & { file: string }) =>
      run(
        o,
        () => {
          const spec = readViewFile(o.file);
          return withContext((ctx) => saveView(ctx, spec));
        },
        (r) => `view ${r.spec.name} saved (${r.spec.fields.length} fields)`,
      ),
    );
  v.command("list")
    .description("list views")
    .option("--json", "machine-readable output")
    .action((o: Json) =>
      run(
        o,
        async () => ({ items: await withContext((ctx) => listViews(ctx)) }),
        (r) =>
          table([
            ["NAME", "STORE", "TABLE", "FIELDS"],
            ...r.items.map((x) => [x.spec.name, x.spec.store, x.spec.table, x.spec.fields.map((f) => `${f.as ?? f.column}:${f.mask}`).join(" ")]),
          ]),
      ),
    );
}

function registerGrants(access: Command): void {
  const g = access.command("grant").description("grants: contractor, view, purpose, expiry, daily quota, hours");
  g.command("create")
    .description("grant a contractor a view for one purpose")
    .requiredOption("--contractor <idOrName>", "contractor")
    .requiredOption("--view <name>", "view")
    .requiredOption("--purpose <code>", "catalog purpose, e.g. telemarketing")
    .requiredOption("--expires <time>", "ISO time, e.g. 2027-03-01T00:00:00+08:00")
    .requiredOption("--quota <rows>", "daily row quota")
    .option("--hours <start-end>", "allowed hours in Asia/Shanghai, e.g. 9-18")
    .option("--auto-suspend", "suspend the grant automatically when an alert is raised")
    .option("--json", "machine-readable output")
    .action((o: Json & { contractor: string; view: string; purpose: string; expires: string; quota: string; hours?: string; autoSuspend?: boolean }) =>
      run(
        o,
        () =>
          withContext((ctx) =>
            createGrant(
              ctx,
              {
                contractor: o.contractor,
                view: o.view,
                purpose: o.purpose,
                expiresAt: o.expires,
                dailyRowQuota: Number(o.quota),
                allowedHours: hoursOf(o.hours),
                autoSuspend: Boolean(o.autoSuspend),
              },
              "cli",
            ),
          ),
        (r) => `grant ${r.id} created: ${r.viewName} for ${r.purpose} until ${r.expiresAt}, ${r.dailyRowQuota} rows/day`,
      ),
    );
  g.command("list")
    .description("list grants")
    .option("--json", "machine-readable output")
    .action((o: Json) =>
      run(
        o,
        async () => ({ items: await withContext((ctx) => listGrants(ctx)) }),
        (r) =>
          table([
            ["ID", "CONTRACTOR", "VIEW", "PURPOSE", "STATUS", "EXPIRES", "QUOTA", "HOURS"],
            ...r.items.map((x) => [
              x.id,
              x.contractorId,
              x.viewName,
              x.purpose,
              x.status,
              x.expiresAt,
              String(x.dailyRowQuota),
              x.allowedHours ? `${x.allowedHours.start}-${x.allowedHours.end}` : "-",
            ]),
          ]),
      ),
    );
  for (const action of ["revoke", "suspend", "resume"] as const) {
    g.command(`${action} <id>`)
      .description(`${action} a grant`)
      .option("--json", "machine-readable output")
      .action((id: string, o: Json) =>
        run(
          o,
          () => withContext((ctx) => setGrantStatus(ctx, id, action)),
          (r) => `grant ${r.id} is ${r.status}`,
        ),
      );
  }
  access
    .command("alerts")
    .description("alerts on contractor access, newest first")
    .option("--grant <id>", "only this grant")
    .option("--json", "machine-readable output")
    .action((o: Json & { grant?: string }) =>
      run(
        o,
        async () => ({ items: await withContext((ctx) => listAlerts(ctx, o.grant ? { grantId: o.grant } : {})) }),
        (r) =>
          table([
            ["AT", "GRANT", "KIND", "SUSPENDED", "DETAIL"],
            ...r.items.map((a) => [a.createdAt, a.grantId, a.kind, a.suspended ? "yes" : "no", JSON.stringify(a.detail)]),
          ]),
      ),
    );
}

function registerAccessLog(program: Command): void {
  const log = program.command("accesslog").description("the hash-chained access log (PIPL Art. 54): verify, export");
  log
    .command("verify")
    .description("check the hash chain; exit 1 and the first broken position when it is broken")
    .option("--json", "machine-readable output")
    .action(async (o: Json) => {
      try {
        const v = await withContext((ctx) => verifyAccessLog(ctx));
        emit(Boolean(o.json), v, () =>
          v.ok ? `OK: ${v.count} entries, chain intact` : `BROKEN at position ${v.position} (${v.problem}); ${v.count} entries read`,
        );
        if (!v.ok) process.exitCode = EXIT.failure;
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
  log
    .command("export")
    .description("write entries for a compliance audit as JSON lines (--format json) or CSV")
    .option("--from <time>", "ISO time, inclusive")
    .option("--to <time>", "ISO time, exclusive")
    .option("--format <format>", "json | csv", "json")
    .option("--out <file>", "write to a file instead of standard output")
    .option("--json", "machine-readable summary (with --out)")
    .action(async (o: Json & { from?: string; to?: string; format: string; out?: string }) => {
      try {
        if (o.format !== "json" && o.format !== "csv") throw new DomainError("VALIDATION_FAILED", "--format must be json or csv");
        for (const t of [o.from, o.to]) if (t && !Number.isFinite(Date.parse(t))) throw new DomainError("VALIDATION_FAILED", "--from/--to must be ISO times");
        const iso = (t: string | undefined) => (t ? new Date(t).toISOString() : undefined);
        const { text, n } = await withContext(async (ctx) => {
          let s = o.format === "csv" ? accessLogCsvHeader() : "";
          let count = 0;
          const from = iso(o.from);
          const to = iso(o.to);
          for await (const page of accessLogPages(ctx, { ...(from ? { from } : {}), ...(to ? { to } : {}) })) {
            s += o.format === "csv" ? accessLogCsv(page) : page.map((e) => `${JSON.stringify(e)}\n`).join("");
            count += page.length;
          }
          return { text: s, n: count };
        });
        if (!o.out) process.stdout.write(text);
        else {
          writeFileSync(o.out, text, "utf8");
          emit(Boolean(o.json), { written: o.out, entries: n }, () => `wrote ${n} entries to ${o.out}`);
        }
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}

function registerLeak(program: Command): void {
  const leak = program.command("leak").description("leak tracing: which grant did a leaked file come from?");
  leak
    .command("trace <file>")
    .description("score every grant against a leaked CSV or JSON file (a subset, columns reordered or renamed)")
    .option("--format <format>", "csv | json (default: guessed)")
    .option("--json", "machine-readable output")
    .action((file: string, o: Json & { format?: string }) =>
      run(
        o,
        () => {
          if (o.format && o.format !== "csv" && o.format !== "json") throw new DomainError("VALIDATION_FAILED", "--format must be csv or json");
          const text = readFileSync(file, "utf8");
          return withContext((ctx) => traceLeak(ctx, text, o.format as "csv" | "json" | undefined));
        },
        (r) => {
          const head = r.source
            ? `SOURCE: grant ${r.source.grantId} (contractor ${r.source.contractor ?? "?"}), confidence ${r.source.confidence.toFixed(6)}`
            : "no grant reaches the naming confidence (0.99)";
          const rows = r.scores
            .slice(0, 10)
            .map((s) => [s.grantId, s.contractor ?? "-", `${s.canaryHits}/${s.canariesIssued}`, String(s.refHits), s.confidence.toFixed(6)]);
          return `${head}\n${table([["GRANT", "CONTRACTOR", "CANARIES", "REFS", "CONFIDENCE"], ...rows])}`;
        },
      ),
    );
}

/** Registers `access`, `accesslog` and `leak`. */
export function registerAccess(program: Command): void {
  const access = program.command("access").description("purpose-bound access for contractors / 委托处理 (PIPL Art. 21)");
  registerContractors(access);
  registerViews(access);
  registerGrants(access);
  registerAccessLog(program);
  registerLeak(program);
}
