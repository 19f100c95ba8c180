/** SQL of the consent ledger: events, the head row, idempotency keys. Rows map to core's ConsentEvent. */
import type { ChainHead, ConsentAction, ConsentEvent, ConsentEventKind } from "@pipguard/core";
import { CompiledQuery, type Kysely, type Selectable, type Transaction } from "kysely";
import type { DialectName } from "../storage/db.js";
import type { Database } from "../storage/schema.js";

export const LEDGER_ID = "consent";

type EventRow = Selectable<Database["consent_events"]>;

/** Row → domain event. */
export function toEvent(r: EventRow): ConsentEvent {
  return {
    id: r.id,
    seq: Number(r.seq),
    subjectId: r.subject_id,
    app: r.app,
    purpose: r.purpose,
    action: r.action as ConsentAction,
    kind: r.kind as ConsentEventKind,
    policyVersion: Number(r.policy_version),
    policyHash: r.policy_hash,
    noticeHash: r.notice_hash,
    channel: r.channel,
    at: r.occurred_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const EVENT_COLUMNS = [
  "id",
  "seq",
  "subject_id",
  "app",
  "purpose",
  "action",
  "kind",
  "policy_version",
  "policy_hash",
  "notice_hash",
  "channel",
  "occurred_at",
  "prev_hash",
  "hash",
] as const satisfies readonly (keyof EventRow)[];
const insertSqlCache = new Map<string, string>();

/** `insert into consent_events (…) values (…), …` for `rows` rows, with the dialect's placeholders. */
function insertSql(dialect: DialectName, rows: number): string {
  const key = `${dialect}:${rows}`;
  let text = insertSqlCache.get(key);
  if (text === undefined) {
    const width = EVENT_COLUMNS.length;
    const tuple = (r: number) => `(${EVENT_COLUMNS.map((_, c) => (dialect === "postgres" ? `$${r * width + c + 1}` : "?")).join(",")})`;
    text = `insert into consent_events (${EVENT_COLUMNS.join(",")}) values ${Array.from({ length: rows }, (_, r) => tuple(r)).join(",")}`;
    if (insertSqlCache.size > 64) insertSqlCache.clear();
    insertSqlCache.set(key, text);
  }
  return text;
}

export class LedgerRepo {
  constructor(
    private readonly q: Kysely<Database> | Transaction<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Reads the head; inside an append transaction this locks it so appends from every instance line up. */
  async lockHead(): Promise<ChainHead> {
    if (this.dialect === "sqlite") {
      // A write takes SQLite's database lock now rather than at the first insert.
      await this.q.updateTable("consent_ledger_head").set({ id: LEDGER_ID }).where("id", "=", LEDGER_ID).execute();
    }
    let query = this.q.selectFrom("consent_ledger_head").select(["seq", "hash"]).where("id", "=", LEDGER_ID);
    if (this.dialect === "postgres") query = query.forUpdate();
    const r = await query.executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash };
  }

  async head(): Promise<ChainHead> {
    const r = await this.q.selectFrom("consent_ledger_head").select(["seq", "hash"]).where("id", "=", LEDGER_ID).executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash };
  }

  async setHead(head: ChainHead): Promise<void> {
    await this.q.updateTable("consent_ledger_head").set({ seq: head.seq, hash: head.hash }).where("id", "=", LEDGER_ID).execute();
  }

  /**
   * Appends events with one multi-row INSERT per 1,000. The statement text is built once per row count
   * and dialect and the values passed flat: building a query tree of 14,000 values per batch was the
   * largest cost of batch ingest.
   */
  async insertEvents(events: readonly ConsentEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      const chunk = events.slice(i, i + 1000);
      const params: unknown[] = [];
      for (const e of chunk) {
        params.push(
          e.id,
          e.seq,
          e.subjectId,
          e.app,
          e.purpose,
          e.action,
          e.kind,
          e.policyVersion,
          e.policyHash,
          e.noticeHash,
          e.channel,
          e.at,
          e.prevHash,
          e.hash,
        );
      }
      await this.q.executeQuery(CompiledQuery.raw(insertSql(this.dialect, chunk.length), params));
    }
  }

  /** Events after `afterSeq`, in ledger order, a page at a time. */
  async eventsAfter(afterSeq: number, limit = 5000): Promise<ConsentEvent[]> {
    const rows = await this.q.selectFrom("consent_events").selectAll().where("seq", ">", afterSeq).orderBy("seq").limit(limit).execute();
    return rows.map(toEvent);
  }

  /** Every stored event in stored order (by seq), paging through the table. */
  async *allEvents(): AsyncGenerator<ConsentEvent[]> {
    let after = -2_147_483_648; // the smallest "integer" on PostgreSQL: rows renumbered below 1 still show up
    for (;;) {
      const page = await this.eventsAfter(after);
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1]!.seq;
    }
  }

  async findEvent(id: string): Promise<ConsentEvent | undefined> {
    const r = await this.q.selectFrom("consent_events").selectAll().where("id", "=", id).executeTakeFirst();
    return r && toEvent(r);
  }

  async eventsOfSubject(subjectId: string): Promise<ConsentEvent[]> {
    return (await this.q.selectFrom("consent_events").selectAll().where("subject_id", "=", subjectId).orderBy("seq").execute()).map(toEvent);
  }

  async findIdempotent(key: string): Promise<{ requestHash: string; response: string } | undefined> {
    const r = await this.q.selectFrom("idempotency_keys").select(["request_hash", "response"]).where("key", "=", key).executeTakeFirst();
    return r && { requestHash: r.request_hash, response: r.response };
  }

  /** Stored idempotency keys among `keys`, by key. */
  async findIdempotentMany(keys: readonly string[]): Promise<Map<string, { requestHash: string; response: string }>> {
    const out = new Map<string, { requestHash: string; response: string }>();
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.q
        .selectFrom("idempotency_keys")
        .select(["key", "request_hash", "response"])
        .where("key", "in", unique.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.key, { requestHash: r.request_hash, response: r.response });
    }
    return out;
  }

  async saveIdempotent(rows: { key: string; requestHash: string; response: string; now: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.q
      .insertInto("idempotency_keys")
      .values(rows.map((r) => ({ key: r.key, request_hash: r.requestHash, response: r.response, created_at: r.now })))
      .execute();
  }
}
