import { addDays, DomainError, extendDeadline, type RequestStatus, type RequestType, reminderDates, renderRequesterNotice } from "@pipguard/core";
import type { Kysely } from "kysely";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";
import { enqueueMessage, outboxMessages } from "./outbox.js";
import { type RequestFilter, RequestRepo, type RequestRow } from "./request-repo.js";
import { listRuns, type RunView, runModeOf, startRun } from "./request-runs.js";
import { type CorrectionInput, type CorrectionOutcome, NOT_CONFIGURED_PORT, type SubjectDataPort, type SubjectIdentity } from "./subject-data-port.js";
import { type Actor, moveRequest, recordEvent } from "./transitions.js";
import { CONTACT_PLACE, DETAILS_PLACE, type RequestDetail, type RequestSummary, toEvent, toSummary } from "./views.js";

const ports = new WeakMap<AppContext, SubjectDataPort>();

/** Plugs the connectors into a context (composition root or test); until then `run` is NOT_CONFIGURED. */
export function setSubjectDataPort(ctx: AppContext, port: SubjectDataPort): void {
  ports.set(ctx, port);
}

/** The staff side of rights requests: lists, the audit trail and every move a staff member makes. */
export class RequestService {
  readonly repo: RequestRepo;
  constructor(private readonly ctx: AppContext) {
    this.repo = new RequestRepo(ctx.db);
  }

  /** Requests matching the filter, newest first, without contact or free text. */
  async list(f: RequestFilter): Promise<RequestSummary[]> {
    const rows = await this.repo.list(f, this.ctx.calendar.today());
    return rows.map((r) => toSummary(this.ctx, r));
  }

  /** Counts by status, due within this week (today and the next 6 days) and overdue. */
  async counts() {
    const today = this.ctx.calendar.today();
    return this.repo.counts(today, addDays(today, 6));
  }

  /** One request with its contact, details, audit trail and extensions. */
  async show(id: string): Promise<RequestDetail> {
    const row = await this.get(id);
    const [events, extensions, runs] = await Promise.all([this.repo.events(id), this.repo.extensions(id), listRuns(this.ctx, id)]);
    return {
      ...toSummary(this.ctx, row),
      contact: this.ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE),
      details: row.details_ciphertext ? this.ctx.keyring.decrypt(row.details_ciphertext, DETAILS_PLACE) : null,
      events: events.map((e) => toEvent(this.ctx, e)),
      extensions: extensions.map((x) => ({
        workingDays: x.working_days,
        reason: x.reason,
        previousDue: x.previous_due,
        newDue: x.new_due,
        actorId: x.actor_id,
        at: x.created_at,
      })),
      reminders: (() => {
        const on = reminderDates(this.ctx.calendar.calendar, row.received_on, row.due_on);
        return {
          fiveDaysLeftOn: on.fiveDaysLeft,
          twoDaysLeftOn: on.twoDaysLeft,
          fiveDaysLeftSent: row.reminder5_sent === 1,
          twoDaysLeftSent: row.reminder2_sent === 1,
          overdueEscalatedAt: row.overdue_at,
        };
      })(),
      runs,
    };
  }

  /** Messages sent (or waiting) for a request, decrypted — where a console deployment reads codes. */
  async messages(id: string) {
    await this.get(id);
    return outboxMessages(this.ctx, { requestId: id });
  }

  /** Assigns the request to a staff user (or unassigns with null). */
  async assign(id: string, assigneeId: string | null, actor: Actor): Promise<RequestSummary> {
    if (assigneeId !== null) {
      const user = await this.ctx.db.kysely.selectFrom("admin_users").select(["id", "disabled"]).where("id", "=", assigneeId).executeTakeFirst();
      if (!user || user.disabled) throw new DomainError("UNKNOWN_REFERENCE", "no active user with that id", { field: "assigneeId" });
    }
    return this.change(id, async (trx, row) => {
      this.ensureOpen(row);
      await trx.updateTable("rights_requests").set({ assignee_id: assigneeId, updated_at: this.now() }).where("id", "=", id).execute();
      await recordEvent(this.ctx, trx, { requestId: id, kind: "assignment", actor, note: assigneeId ? `assigned to ${assigneeId}` : "unassigned" });
    });
  }

  /** Adds an internal note (encrypted; never sent to the requester). */
  async addNote(id: string, note: string, actor: Actor): Promise<RequestSummary> {
    return this.change(id, async (trx) => {
      await recordEvent(this.ctx, trx, { requestId: id, kind: "note", actor, note });
    });
  }

  /** Extends the deadline by working days with a reason the requester is told. */
  async extend(id: string, input: { workingDays: number; reason: string }, actor: Actor): Promise<RequestSummary> {
    return this.change(id, async (trx, row) => {
      this.ensureOpen(row);
      const next = extendDeadline(this.ctx.calendar.calendar, {
        due: row.due_on,
        workingDays: input.workingDays,
        reason: input.reason,
        extendedSoFar: row.extended_days,
      });
      const now = this.now();
      // A later due date re-arms the reminders and the overdue escalation.
      await trx
        .updateTable("rights_requests")
        .set({
          due_on: next.due,
          due_provisional: next.provisional ? 1 : row.due_provisional,
          extended_days: row.extended_days + input.workingDays,
          reminder5_sent: 0,
          reminder2_sent: 0,
          overdue_at: null,
          updated_at: now,
        })
        .where("id", "=", id)
        .execute();
      await trx
        .insertInto("request_extensions")
        .values({
          id: this.ctx.ids.next(),
          request_id: id,
          working_days: input.workingDays,
          reason: input.reason,
          previous_due: row.due_on,
          new_due: next.due,
          actor_id: actor.id,
          created_at: now,
        })
        .execute();
      await recordEvent(this.ctx, trx, { requestId: id, kind: "extension", actor, note: `${row.due_on} → ${next.due}: ${input.reason}` });
      await this.notify(
        trx,
        row,
        { kind: "extended", requestId: id, type: row.type as RequestType, due: next.due, reason: input.reason },
        `extended:${id}:${next.due}`,
      );
    });
  }

  /** Staff verified identity by other means (say how): identity_verification → in_progress. */
  async verifyIdentity(id: string, note: string, actor: Actor): Promise<RequestSummary> {
    return this.change(id, async (trx, row) => {
      await moveRequest(this.ctx, trx, row, "in_progress", actor, { note });
      await this.notify(trx, row, { kind: "accepted", requestId: id, type: row.type as RequestType, due: row.due_on }, `accepted:${id}`);
    });
  }

  /** Completes (approves) a request in progress and tells the requester. */
  async complete(id: string, actor: Actor, note?: string): Promise<RequestSummary> {
    return this.change(id, async (trx, row) => {
      await moveRequest(this.ctx, trx, row, "completed", actor, note ? { note } : {});
      await this.notify(trx, row, { kind: "completed", requestId: id, type: row.type as RequestType }, `completed:${id}`);
    });
  }

  /** Refuses with a listed reason (PIPL Art. 50) and tells the requester the reason. */
  async refuse(id: string, reason: string, actor: Actor, note?: string): Promise<RequestSummary> {
    return this.change(id, async (trx, row) => {
      await moveRequest(this.ctx, trx, row, "refused", actor, { reason, ...(note ? { note } : {}) });
      await this.notify(trx, row, { kind: "refused", requestId: id, type: row.type as RequestType, reason }, `refused:${id}`);
    });
  }

  /** Cancels on the requester's behalf (they withdrew it). */
  async cancel(id: string, actor: Actor, note?: string): Promise<RequestSummary> {
    return this.change(id, async (trx, row) => {
      await moveRequest(this.ctx, trx, row, "cancelled", actor, note ? { note } : {});
      await this.notify(trx, row, { kind: "cancelled", requestId: id, type: row.type as RequestType }, `cancelled:${id}`);
    });
  }

  /**
   * The plan of fulfilling a verified request, changing nothing (`--dry-run`): per store and table
   * the rows that would be exported (access, copy, portability) or erased and how (deletion).
   */
  async plan(id: string, opts: { stores?: string[] } = {}): Promise<RunPlan> {
    const row = await this.get(id);
    if (row.status !== "in_progress") throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", `only a request in progress can be run (it is ${row.status})`);
    const mode = runModeOf(row.type as RequestType);
    const port = this.portFor(row);
    const identity = identityOf(this.ctx, row);
    const stores = opts.stores ?? (await port.stores());
    const out: RunPlan["stores"] = [];
    for (const s of stores) {
      if (mode === "erase") {
        const r = await port.erase(s, identity, { dryRun: true });
        out.push({ storeKey: s, dryRun: true, tables: r.tables.map((t) => ({ table: t.table, action: t.action, rows: t.rows })) });
      } else {
        const f = await port.find(s, identity);
        out.push({ storeKey: s, dryRun: true, tables: f.tables.map((t) => ({ table: t.table, rows: t.rows.length })) });
      }
    }
    return { id, dryRun: true, stores: out };
  }

  /**
   * Fulfils a verified request through the connectors as a job (requests.run): export or erasure
   * store by store, retried with backoff, resumable after a crash. Progress shows in `show(id).runs`.
   */
  async startRun(id: string, actor: Actor, opts: { stores?: string[] } = {}): Promise<RunView> {
    return startRun(this.ctx, id, actor, opts);
  }

  /**
   * Applies a correction (PIPL Art. 46) through the connectors and records the values before and
   * after in the audit trail (encrypted, like every note). The request stays in progress.
   */
  async correct(id: string, input: { store: string } & CorrectionInput, actor: Actor): Promise<CorrectionOutcome> {
    const row = await this.get(id);
    if (row.type !== "correction") throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", "only a correction request applies corrections");
    if (row.status !== "in_progress")
      throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", `only a request in progress can be changed (it is ${row.status})`);
    const port = this.portFor(row);
    const contact = this.ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE);
    const identity = row.channel === "email" ? { email: contact } : { mobile: contact };
    const outcome = await port.correct(input.store, identity, { table: input.table, column: input.column, value: input.value });
    await this.change(id, async (trx) => {
      await recordEvent(this.ctx, trx, { requestId: id, kind: "correction", actor, note: JSON.stringify(outcome) });
    });
    return outcome;
  }

  private portFor(row: RequestRow): SubjectDataPort {
    return subjectPortFor(this.ctx, row);
  }

  private async get(id: string): Promise<RequestRow> {
    const row = await this.repo.find(id);
    if (!row) throw new DomainError("NOT_FOUND", "no such request");
    return row;
  }

  private ensureOpen(row: RequestRow): void {
    if (row.status === "completed" || row.status === "refused" || row.status === "cancelled") {
      throw new DomainError("REQUEST_TRANSITION_NOT_ALLOWED", `the request is ${row.status} and cannot change any more`);
    }
  }

  private async change(id: string, fn: (trx: Kysely<Database>, row: RequestRow) => Promise<void>): Promise<RequestSummary> {
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await this.repo.find(id, trx);
      if (!row) throw new DomainError("NOT_FOUND", "no such request");
      await fn(trx, row);
    });
    return toSummary(this.ctx, await this.get(id));
  }

  private async notify(trx: Kysely<Database>, row: RequestRow, notice: Parameters<typeof renderRequesterNotice>[0], dedupeKey: string): Promise<void> {
    const to = this.ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE);
    await enqueueMessage(this.ctx, { requestId: row.id, channel: row.channel as "email" | "sms", to, ...renderRequesterNotice(notice), dedupeKey }, trx);
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }
}

/** The connectors for a request; a relative's request (Art. 49) is about someone else, so it is done by hand. */
export function subjectPortFor(ctx: AppContext, row: RequestRow): SubjectDataPort {
  if (row.deceased_relative === 1) {
    throw new DomainError(
      "NOT_CONFIGURED",
      "a close relative's request (PIPL Art. 49) concerns the deceased, not the contact; fulfil it by hand and complete it",
    );
  }
  return ports.get(ctx) ?? NOT_CONFIGURED_PORT;
}

/** The identity to search the operator's stores by: the request's verified contact. */
export function identityOf(ctx: AppContext, row: RequestRow): SubjectIdentity {
  const contact = ctx.keyring.decrypt(row.contact_ciphertext, CONTACT_PLACE);
  return row.channel === "email" ? { email: contact } : { mobile: contact };
}

/** What a dry run would do, per store and table (counts). */
export interface RunPlan {
  id: string;
  dryRun: true;
  stores: { storeKey: string; dryRun: true; tables: { table: string; action?: string; rows: number }[] }[];
}

/** True when the status is one the request can still leave. */
export function isOpen(status: RequestStatus): boolean {
  return status === "received" || status === "identity_verification" || status === "in_progress";
}
