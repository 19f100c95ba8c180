import { isRequestStatus, REFUSAL_REASONS } from "@pipguard/core";
import {
  type Actor,
  type AppContext,
  configureSubjectDataFromDir,
  connectorSubjectPort,
  getRun,
  RequestService,
  type RequestSummary,
  RUN_JOB,
  type RunView,
  readDatasetFile,
  setSubjectDataPort,
  startWorker,
} from "@pipguard/server";
import type { Command } from "commander";
import { withContext } from "../local.js";
import { EXIT, emit, fail, table } from "../output.js";
import { countBar } from "../progress.js";

/** The CLI acts as staff; the audit trail names the operating-system user. */
const CLI_ACTOR: Actor = { kind: "staff", id: `cli:${process.env.USER ?? "unknown"}` };

function usage(message: string): void {
  process.stderr.write(`pipguard: ${message}\n`);
  process.exitCode = EXIT.usage;
}

function line(r: RequestSummary): string[] {
  return [r.id, r.type, r.status, r.dueOn, r.isOverdue ? "OVERDUE" : String(r.workingDaysLeft), r.assigneeId ?? "-"];
}

/** `pipguard requests list|show|approve|refuse|run` — the same service the HTTP routes call. */
export function registerRequests(program: Command): void {
  const cmd = program.command("requests").description("rights requests (PIPL Arts. 44–50): list, show, approve, refuse, run");

  cmd
    .command("list")
    .description("list requests with counts by status, due this week and overdue")
    .option("--status <status>", "received | identity_verification | in_progress | completed | refused | cancelled")
    .option("--overdue", "only overdue open requests")
    .option("--limit <n>", "at most n (default 50)")
    .option("--json", "JSON output")
    .action(async (o: { status?: string; overdue?: boolean; limit?: string; json?: boolean }) => {
      if (o.status && !isRequestStatus(o.status)) return usage(`unknown status '${o.status}'`);
      const limit = o.limit ? Number(o.limit) : 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) return usage("--limit must be 1 to 200");
      try {
        await withContext(async (ctx) => {
          const svc = new RequestService(ctx);
          const items = await svc.list({
            ...(o.status && isRequestStatus(o.status) ? { status: o.status } : {}),
            ...(o.overdue ? { overdue: true } : {}),
            limit,
          });
          const counts = await svc.counts();
          emit(Boolean(o.json), { items, counts }, () =>
            [
              table([["ID", "TYPE", "STATUS", "DUE", "DAYS LEFT", "ASSIGNEE"], ...items.map(line)]),
              `due this week: ${counts.dueThisWeek}  overdue: ${counts.overdue}  ${Object.entries(counts.byStatus)
                .map(([k, n]) => `${k}: ${n}`)
                .join("  ")}`,
            ].join("\n"),
          );
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  cmd
    .command("show <id>")
    .description("one request with its contact, audit trail and extensions")
    .option("--messages", "also the messages sent to the requester (where a console deployment reads codes)")
    .option("--json", "JSON output")
    .action(async (id: string, o: { messages?: boolean; json?: boolean }) => {
      try {
        await withContext(async (ctx) => {
          const svc = new RequestService(ctx);
          const r = await svc.show(id);
          const messages = o.messages ? await svc.messages(id) : undefined;
          emit(Boolean(o.json), messages ? { ...r, messages } : r, () =>
            [
              table([["ID", "TYPE", "STATUS", "DUE", "DAYS LEFT", "ASSIGNEE"], line(r)]),
              `contact: ${r.contact} (${r.channel})${r.deceasedRelative ? "  close relative of a deceased person (PIPL Art. 49)" : ""}`,
              `due ${r.dueOn}${r.dueProvisional ? " (provisional)" : ""}; reminders: 5 working days left on ${r.reminders.fiveDaysLeftOn} (${
                r.reminders.fiveDaysLeftSent ? "sent" : "pending"
              }), 2 left on ${r.reminders.twoDaysLeftOn} (${r.reminders.twoDaysLeftSent ? "sent" : "pending"})${
                r.reminders.overdueEscalatedAt ? `; overdue, escalated ${r.reminders.overdueEscalatedAt}` : ""
              }`,
              ...r.runs.map(
                (x) =>
                  `run ${x.id} (${x.mode}): ${x.status}, attempt ${x.attempts}/${x.maxAttempts}, stores done ${x.stores.filter((s) => s.done).length}/${x.stores.length}${
                    x.lastError ? `; last error: ${x.lastError}` : ""
                  }`,
              ),
              "",
              table(
                r.events.map((e) => [e.at, e.kind, `${e.fromStatus ?? ""}${e.toStatus ? ` → ${e.toStatus}` : ""}`, e.actorKind, e.actorId ?? "", e.note ?? ""]),
              ),
              ...(messages ?? []).map((m) => `\n--- ${m.channel} ${m.status} ${m.createdAt}\n${m.subject}\n${m.text}`),
            ].join("\n"),
          );
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  cmd
    .command("approve <id>")
    .description("approve and complete a request in progress; the requester is told")
    .option("--note <text>", "a note for the audit trail")
    .option("--json", "JSON output")
    .action(async (id: string, o: { note?: string; json?: boolean }) => {
      try {
        await withContext(async (ctx) => {
          const r = await new RequestService(ctx).complete(id, CLI_ACTOR, o.note);
          emit(Boolean(o.json), r, () => `${r.id} ${r.status}`);
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  cmd
    .command("refuse <id>")
    .description(`refuse with a reason (PIPL Art. 50): ${REFUSAL_REASONS.map((r) => r.code).join(", ")}`)
    .requiredOption("--reason <code>", "a reason code from the list")
    .option("--note <text>", "a note for the audit trail")
    .option("--json", "JSON output")
    .action(async (id: string, o: { reason: string; note?: string; json?: boolean }) => {
      if (!REFUSAL_REASONS.some((r) => r.code === o.reason))
        return usage(`unknown reason '${o.reason}'; one of ${REFUSAL_REASONS.map((r) => r.code).join(", ")}`);
      try {
        await withContext(async (ctx) => {
          const r = await new RequestService(ctx).refuse(id, o.reason, CLI_ACTOR, o.note);
          emit(Boolean(o.json), r, () => `${r.id} ${r.status} (${r.refusalReason})`);
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });

  cmd
    .command("run <id>")
    .description(
      "fulfil through the connectors as a job: export (access, copy, portability) or erase (deletion, account deletion), store by store, retried with backoff",
    )
    .option("--dry-run", "show what would be found or changed, change nothing (answers at once, no job)")
    .option(
      "--dataset <store=file...>",
      "the dataset file (YAML) of each catalog data store, e.g. sakila=docs/examples/sakila-dataset.yaml (default: <data dir>/datasets/<store>.yaml)",
    )
    .option("--store <key...>", "only these of the data stores")
    .option("--no-wait", "queue the job and return; a running `pipguard serve` or `pipguard worker` executes it")
    .option("--json", "JSON output")
    .action(async (id: string, o: { dryRun?: boolean; dataset?: string[]; store?: string[]; wait: boolean; json?: boolean }) => {
      const pairs = (o.dataset ?? []).map((d) => d.split("="));
      if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) return usage("--dataset takes STORE=FILE");
      try {
        const datasets = Object.fromEntries(pairs.map(([k, f]) => [k as string, readDatasetFile(f as string)]));
        await withContext(async (ctx) => {
          if (pairs.length > 0) setSubjectDataPort(ctx, connectorSubjectPort(ctx, datasets));
          else configureSubjectDataFromDir(ctx);
          const svc = new RequestService(ctx);
          const stores = o.store ? { stores: o.store } : {};
          if (o.dryRun) {
            const r = await svc.plan(id, stores);
            emit(Boolean(o.json), r, () => [`${r.id} (dry run)`, storeTable(r.stores.map((s) => ({ ...s, done: true })))].join("\n"));
            return;
          }
          let run = await svc.startRun(id, CLI_ACTOR, stores);
          if (o.wait) run = await waitForRun(ctx, run, Boolean(o.json));
          emit(Boolean(o.json), run, () =>
            [
              `${run.requestId} run ${run.id}: ${run.status} (attempt ${run.attempts}/${run.maxAttempts})`,
              ...(run.lastError ? [`last error: ${run.lastError}${run.nextAttemptAt ? `; next attempt at ${run.nextAttemptAt}` : ""}`] : []),
              storeTable(run.stores),
            ].join("\n"),
          );
          if (run.status === "failed" || run.status === "retrying") process.exitCode = EXIT.failure;
        });
      } catch (e) {
        fail(e, Boolean(o.json));
      }
    });
}

function storeTable(stores: { storeKey: string; done: boolean; tables: { table: string; action?: string; rows: number }[] }[]): string {
  return table([
    ["STORE", "TABLE", "ACTION", "ROWS"],
    ...stores.flatMap((s) => (s.done ? s.tables.map((t) => [s.storeKey, t.table, t.action ?? "found", String(t.rows)]) : [[s.storeKey, "-", "pending", "-"]])),
  ]);
}

/**
 * Runs the requests.run jobs in this process until this run succeeds or an attempt fails (it is then
 * retried with backoff by whichever worker runs next). A server's worker may take the job instead.
 */
async function waitForRun(ctx: AppContext, first: RunView, json: boolean): Promise<RunView> {
  const worker = startWorker(ctx, { types: [RUN_JOB], schedules: false, concurrency: 1, pollMs: 200 });
  const bar = json ? { update() {}, done() {} } : countBar("stores", first.stores.length);
  try {
    for (;;) {
      const run = (await getRun(ctx, first.id)) ?? first;
      bar.update(run.stores.filter((s) => s.done).length);
      if (run.status === "succeeded" || run.status === "failed" || run.status === "retrying") {
        bar.done();
        return run;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await worker.stop();
  }
}
