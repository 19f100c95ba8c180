/**
 * Fulfilment of a rights request as a job (issue 4, item 6): a run reads (export) or changes
 * (erasure) the subject's rows store by store, each store in one transaction of its own. Progress
 * per store is committed to pipguard's database as soon as the store is done, so a worker killed
 * mid-run resumes with the next store: stores already done are not redone. A store that fails
 * rolls back untouched and the job retries with exponential backoff (jobs/job.ts backoffMs).
 * A store whose commit landed but whose progress row did not (a kill between the two) is run
 * again, which changes nothing: a finished erasure no longer matches the identity (connectors/subject.ts).
 */
import { DomainError, type RequestType, renderRequesterNotice } from "@pipguard/core";
import type { Kysely, Selectable } from "kysely";
import { catalogService } from "../catalog/index.js";
import type { AppContext } from "../context.js";
import { PermanentJobError } from "../jobs/job.js";
import type { Database } from "../storage/schema.js";
import type { RequestRunTables } from "../storage/tables/request-runs.js";
import { buildExportPackage, jsonValue } from "./export-package.js";
import { storeExport } from "./exports.js";
import { enqueueMessage } from "./outbox.js";
import { RequestRepo, type RequestRow } from "./request-repo.js";
import { identityOf, subjectPortFor } from "./request-service.js";
import type { SubjectRows } from "./subject-data-port.js";
import { type Actor, moveRequest, recordEvent, SYSTEM } from "./transitions.js";
import { CONTACT_PLACE } from "./views.js";

/** The job type that executes a run. */
export const RUN_JOB = "requests.run";
export const FOUND_PLACE = "request_run_stores.found";

/** Export (access, copy, portability) reads; erase (deletion, account deletion) changes. */
export type RunMode = "export" | "erase";

/** queued → running → succeeded; `retrying` after a failed attempt (backoff); `failed` when out of tries. */
export type RunStatus = "queued" | "running" | "retrying" | "succeeded" | "failed";

/** Counts per table of one store (never row values). */
export interface StoreOutcome {
  storeKey: string;
  tables: { table: string; action?: string; rows: number }[];
}

/** A run as staff see it in the request detail: its progress store by store. */
export interface RunView {
  id: string;
  requestId: string;
  jobId: string;
  mode: RunMode;
  status: RunStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  stores: { storeKey: string; done: boolean; attempt: number | null; finishedAt: string | null; tables: StoreOutcome["tables"] }[];
}

type RunRow = Selectable<RequestRunTables["request_runs"]>;

/** The mode a request type is fulfilled in, or NOT_CONFIGURED for types staff fulfil by hand. */
export function runModeOf(type: RequestType): RunMode {
  if (type === "deletion" || type === "account_deletion") return "erase";
  if (type === "access" || type === "copy" || type === "portability") return "export";
  throw new DomainError("NOT_CONFIGURED", `a ${type} request is fulfilled by hand; complete it when done`);
}

/**
 * Starts fulfilling a request in progress: records a run and enqueues its job in one transaction.
 * While a run of the request is unfinished, starting again answers that run (no second job).
 */
export async function startRun(ctx: AppContext, requestId: string, actor: Actor, opts: { stores?: string[] } = {}): Promise<RunView> {
  const repo = new RequestRepo(ctx.db);
  const row = await repo.find(requestId);
  if (!row) throw new DomainError("NOT_FOUND", "no such request");
  if (row.status !== "in_progress") throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", `only a request in progress can be run (it is ${row.status})`);
  const mode = runModeOf(row.type as RequestType);
  const port = subjectPortFor(ctx, row);
  const known = await port.stores();
  const stores = opts.stores ?? known;
  const unknown = stores.filter((s) => !known.includes(s));
  if (unknown.length > 0)
    throw new DomainError("NOT_CONFIGURED", `no dataset file is configured for ${unknown.length} of the data stores named`, { field: "stores" });
  if (stores.length === 0) throw new DomainError("NOT_CONFIGURED", "no data store has a dataset file; add <data dir>/datasets/<store key>.yaml");
  const id = ctx.ids.next();
  const now = ctx.clock.now().toISOString();
  const existing = await ctx.db.kysely.transaction().execute(async (trx) => {
    // Locks the request row first, so two staff starting at once serialise: one run, one job.
    await trx.updateTable("rights_requests").set({ updated_at: now }).where("id", "=", requestId).execute();
    const open = await trx.selectFrom("request_runs").select("id").where("request_id", "=", requestId).where("finished_at", "is", null).executeTakeFirst();
    if (open) {
      const job = await openJobOf(open.id, trx);
      if (job && job.status !== "dead" && job.status !== "failed") return open.id;
    }
    const job = await ctx.jobs.enqueue(RUN_JOB, { runId: id }, { trx, dedupeKey: `${RUN_JOB}:${id}` });
    await trx
      .insertInto("request_runs")
      .values({
        id,
        request_id: requestId,
        job_id: job.id,
        mode,
        stores: JSON.stringify(stores),
        actor_kind: actor.kind,
        actor_id: actor.id,
        outcome: null,
        created_at: now,
        finished_at: null,
      })
      .execute();
    await recordEvent(ctx, trx, { requestId, kind: "fulfilment", actor, note: `run ${id} queued (${mode}, ${stores.length} store(s))` });
    return undefined;
  });
  return (await getRun(ctx, existing ?? id)) as RunView;
}

async function openJobOf(runId: string, trx: Kysely<Database>) {
  const run = await trx.selectFrom("request_runs").select("job_id").where("id", "=", runId).executeTakeFirst();
  return run ? trx.selectFrom("jobs").select(["status"]).where("id", "=", run.job_id).executeTakeFirst() : undefined;
}

/** One run with its per-store progress and its job's state. */
export async function getRun(ctx: AppContext, runId: string): Promise<RunView | undefined> {
  const run = await ctx.db.kysely.selectFrom("request_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  return run ? (await toViews(ctx, [run]))[0] : undefined;
}

/** The runs of a request, oldest first. */
export async function listRuns(ctx: AppContext, requestId: string): Promise<RunView[]> {
  const runs = await ctx.db.kysely.selectFrom("request_runs").selectAll().where("request_id", "=", requestId).orderBy("created_at").orderBy("id").execute();
  return toViews(ctx, runs);
}

async function toViews(ctx: AppContext, runs: RunRow[]): Promise<RunView[]> {
  if (runs.length === 0) return [];
  const ids = runs.map((r) => r.id);
  const [doneRows, jobs] = await Promise.all([
    ctx.db.kysely.selectFrom("request_run_stores").select(["run_id", "store_key", "attempt", "outcome", "finished_at"]).where("run_id", "in", ids).execute(),
    ctx.db.kysely
      .selectFrom("jobs")
      .select(["id", "status", "attempts", "max_attempts", "last_error", "run_at"])
      .where(
        "id",
        "in",
        runs.map((r) => r.job_id),
      )
      .execute(),
  ]);
  return runs.map((r) => {
    const job = jobs.find((j) => j.id === r.job_id);
    const done = new Map(doneRows.filter((d) => d.run_id === r.id).map((d) => [d.store_key, d]));
    let status: RunStatus;
    if (r.finished_at) status = "succeeded";
    else if (!job || job.status === "dead" || job.status === "failed") status = "failed";
    else if (job.status === "running") status = "running";
    else if (job.status === "succeeded") status = "succeeded";
    else status = Number(job.attempts) > 0 ? "retrying" : "queued";
    return {
      id: r.id,
      requestId: r.request_id,
      jobId: r.job_id,
      mode: r.mode as RunMode,
      status,
      attempts: Number(job?.attempts ?? 0),
      maxAttempts: Number(job?.max_attempts ?? 0),
      lastError: r.finished_at ? null : (job?.last_error ?? null),
      nextAttemptAt: status === "retrying" || status === "queued" ? (job?.run_at ?? null) : null,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      stores: (JSON.parse(r.stores) as string[]).map((storeKey) => {
        const d = done.get(storeKey);
        return {
          storeKey,
          done: Boolean(d),
          attempt: d ? Number(d.attempt) : null,
          finishedAt: d?.finished_at ?? null,
          tables: d ? (JSON.parse(d.outcome) as StoreOutcome).tables : [],
        };
      }),
    };
  });
}

/**
 * Executes a run (the job handler): every store not yet done, one at a time, each committed and
 * recorded before the next; then the export package, the completion and the notice in one
 * transaction of pipguard's database. Safe to call again at any point (at-least-once jobs).
 */
export async function executeRun(ctx: AppContext, runId: string, opts: { attempt: number; signal?: AbortSignal }): Promise<void> {
  const db = ctx.db.kysely;
  const run = await db.selectFrom("request_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  if (!run) throw new PermanentJobError("no such run");
  if (run.finished_at) return;
  const repo = new RequestRepo(ctx.db);
  const stores = JSON.parse(run.stores) as string[];
  const mode = run.mode as RunMode;
  for (const storeKey of stores) {
    opts.signal?.throwIfAborted();
    const done = await db.selectFrom("request_run_stores").select("id").where("run_id", "=", runId).where("store_key", "=", storeKey).executeTakeFirst();
    if (done) continue;
    // Checked before every store: a request cancelled or refused meanwhile stops here.
    const row = await liveRequest(repo, run.request_id);
    const port = subjectPortFor(ctx, row);
    const identity = identityOf(ctx, row);
    let outcome: StoreOutcome;
    let found: string | null = null;
    if (mode === "erase") {
      const r = await port.erase(storeKey, identity, { dryRun: false });
      outcome = { storeKey, tables: r.tables.map((t) => ({ table: t.table, action: t.action, rows: t.rows })) };
    } else {
      const f = await port.find(storeKey, identity);
      outcome = { storeKey, tables: f.tables.map((t) => ({ table: t.table, rows: t.rows.length })) };
      found = ctx.keyring.encrypt(JSON.stringify(f.tables, jsonValue), FOUND_PLACE);
    }
    await db
      .insertInto("request_run_stores")
      .values({
        id: ctx.ids.next(),
        run_id: runId,
        store_key: storeKey,
        attempt: opts.attempt,
        outcome: JSON.stringify(outcome),
        found_ciphertext: found,
        finished_at: ctx.clock.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(["run_id", "store_key"]).doNothing())
      .execute();
  }
  opts.signal?.throwIfAborted();
  await finishRun(ctx, run, stores);
}

async function liveRequest(repo: RequestRepo, id: string): Promise<RequestRow> {
  const row = await repo.find(id);
  if (!row) throw new PermanentJobError("the request no longer exists");
  if (row.status !== "in_progress") throw new PermanentJobError(`the request is ${row.status}; the run stops`);
  return row;
}

/** Builds the package (export), completes the request, tells the requester and closes the run — all or nothing. */
async function finishRun(ctx: AppContext, run: RunRow, stores: string[]): Promise<void> {
  const repo = new RequestRepo(ctx.db);
  const row = await liveRequest(repo, run.request_id);
  const done = await ctx.db.kysely.selectFrom("request_run_stores").selectAll().where("run_id", "=", run.id).execute();
  const byStore = new Map(done.map((d) => [d.store_key, d]));
  const outcome = stores.map((s) => JSON.parse(byStore.get(s)?.outcome ?? "null") as StoreOutcome);
  const type = row.type as RequestType;
  let zip: Uint8Array | undefined;
  if (run.mode === "export") {
    const found: SubjectRows[] = stores.map((s) => ({
      storeKey: s,
      tables: JSON.parse(ctx.keyring.decrypt(byStore.get(s)?.found_ciphertext ?? "", FOUND_PLACE)) as SubjectRows["tables"],
    }));
    const catalog = await catalogService(ctx).loadCatalog();
    // Keyed and one-way: the same person gets the same id from this controller, and nobody can reverse it.
    const pseudonymousId = `psid_${ctx.keyring.blindIndex(`${row.channel}:${ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE)}`, "portability.subject")}`;
    zip = buildExportPackage({ requestId: row.id, type, generatedAt: ctx.clock.now().toISOString(), catalog, found, pseudonymousId });
  }
  const actor: Actor = run.actor_kind === "staff" ? { kind: "staff", id: run.actor_id } : SYSTEM;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // Fenced: only the attempt that closes the run completes the request (a racing duplicate stops here).
    const closed = await trx
      .updateTable("request_runs")
      .set({ finished_at: ctx.clock.now().toISOString(), outcome: JSON.stringify(outcome) })
      .where("id", "=", run.id)
      .where("finished_at", "is", null)
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) return;
    const current = await repo.find(run.request_id, trx);
    if (!current) throw new PermanentJobError("the request no longer exists");
    // Counts only: the audit trail records what was done, not the data itself.
    await recordEvent(ctx, trx, { requestId: row.id, kind: "fulfilment", actor, note: JSON.stringify(outcome) });
    const link = zip ? (await storeExport(ctx, trx, row.id, zip)).link : undefined;
    await moveRequest(ctx, trx, current, "completed", actor);
    // The rows read are in the package now; the copies kept for resuming go (PIPL Art. 19).
    await trx.updateTable("request_run_stores").set({ found_ciphertext: null }).where("run_id", "=", run.id).execute();
    const to = ctx.keyring.decrypt(current.contact_ciphertext, CONTACT_PLACE);
    const notice = renderRequesterNotice({ kind: "completed", requestId: row.id, type, ...(link ? { link } : {}) });
    await enqueueMessage(ctx, { requestId: row.id, channel: current.channel as "email" | "sms", to, ...notice, dedupeKey: `completed:${row.id}` }, trx);
  });
}
