import type { RequestStatus, RequestType } from "@pipguard/core";
import type { Kysely, Selectable } from "kysely";
import type { Db } from "../storage/db.js";
import type { Database } from "../storage/schema.js";
import type { RequestTables } from "../storage/tables/requests.js";

export type RequestRow = Selectable<RequestTables["rights_requests"]>;
export type EventRow = Selectable<RequestTables["request_events"]>;
type Q = Kysely<Database>;

/** Filters of the request list. */
export interface RequestFilter {
  status?: RequestStatus;
  type?: RequestType;
  assigneeId?: string;
  /** Only open requests due on or before this date. */
  dueBy?: string;
  overdue?: boolean;
  limit?: number;
  /** Id to continue after (ids are sortable). */
  after?: string;
}

const OPEN: RequestStatus[] = ["received", "identity_verification", "in_progress"];

/** SQL of the rights-request tables; the service maps rows to views and holds the rules. */
export class RequestRepo {
  constructor(private readonly db: Db) {}

  get kysely(): Q {
    return this.db.kysely;
  }

  /** One request row, inside `trx` when given. */
  async find(id: string, trx: Q = this.db.kysely): Promise<RequestRow | undefined> {
    return trx.selectFrom("rights_requests").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Requests matching the filter, newest first. */
  async list(f: RequestFilter, today: string): Promise<RequestRow[]> {
    let q = this.db.kysely.selectFrom("rights_requests").selectAll();
    if (f.status) q = q.where("status", "=", f.status);
    if (f.type) q = q.where("type", "=", f.type);
    if (f.assigneeId) q = q.where("assignee_id", "=", f.assigneeId);
    if (f.dueBy) q = q.where("due_on", "<=", f.dueBy).where("status", "in", OPEN);
    if (f.overdue) q = q.where("due_on", "<", today).where("status", "in", OPEN);
    if (f.after) q = q.where("id", "<", f.after);
    return q
      .orderBy("id", "desc")
      .limit(f.limit ?? 50)
      .execute();
  }

  /** Counts by status, and of open requests due by `weekEnd` and overdue on `today`. */
  async counts(today: string, weekEnd: string): Promise<{ byStatus: Record<string, number>; dueThisWeek: number; overdue: number }> {
    const rows = await this.db.kysely
      .selectFrom("rights_requests")
      .select(["status", (eb) => eb.fn.countAll<string | number>().as("n")])
      .groupBy("status")
      .execute();
    const byStatus: Record<string, number> = {};
    for (const r of rows) byStatus[r.status] = Number(r.n);
    const open = this.db.kysely.selectFrom("rights_requests").where("status", "in", OPEN);
    const [week, late] = await Promise.all([
      open
        .where("due_on", ">=", today)
        .where("due_on", "<=", weekEnd)
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .executeTakeFirstOrThrow(),
      open
        .where("due_on", "<", today)
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return { byStatus, dueThisWeek: Number(week.n), overdue: Number(late.n) };
  }

  /** Open requests due on or before `by` (the deadline job's work list). */
  async openDueBy(by: string): Promise<RequestRow[]> {
    return this.db.kysely.selectFrom("rights_requests").selectAll().where("status", "in", OPEN).where("due_on", "<=", by).orderBy("due_on").execute();
  }

  /** The audit trail of one request, oldest first. */
  async events(requestId: string): Promise<EventRow[]> {
    return this.db.kysely.selectFrom("request_events").selectAll().where("request_id", "=", requestId).orderBy("created_at").orderBy("id").execute();
  }

  /** Extensions of one request, oldest first. */
  async extensions(requestId: string) {
    return this.db.kysely.selectFrom("request_extensions").selectAll().where("request_id", "=", requestId).orderBy("created_at").execute();
  }

  /** How many rate events a bucket has had since `since`. */
  async rateCount(bucket: string, since: string, trx: Q = this.db.kysely): Promise<number> {
    const r = await trx
      .selectFrom("rate_events")
      .where("bucket", "=", bucket)
      .where("created_at", ">", since)
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Records one event against a rate bucket. */
  async rateHit(id: string, bucket: string, at: string, trx: Q = this.db.kysely): Promise<void> {
    await trx.insertInto("rate_events").values({ id, bucket, created_at: at }).execute();
  }

  /** Forgets rate events older than `before` (housekeeping from the deadline job). */
  async pruneRate(before: string): Promise<number> {
    const r = await this.db.kysely.deleteFrom("rate_events").where("created_at", "<", before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** The newest unconsumed code of a request. */
  async latestCode(requestId: string, trx: Q = this.db.kysely) {
    return trx
      .selectFrom("request_codes")
      .selectAll()
      .where("request_id", "=", requestId)
      .where("consumed_at", "is", null)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
  }
}
