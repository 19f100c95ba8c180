/**
 * A contractor's pull of a view (委托处理, PIPL Art. 21; access control and de-identification,
 * Art. 51(3)–(4)): checks the grant (status, expiry, hours, daily quota), reads the operator's table
 * through its connector a keyset page at a time, leaves out every row whose subject has not
 * consented to the grant's purpose (or withdrew, Art. 15), masks the rest per field, adds the grant's
 * canary rows, and logs the read in the hash-chained access log (Art. 54).
 *
 * The consent join: the view names the column holding the subject's identity (e.g. `mobile`) and its
 * identity type. Each value is normalised as the consent ledger normalises identities, its blind index
 * looked up in `subject_identities` (one query per page), and the subject's decision for the grant's
 * purpose asked of the consent service. No subject → no consent → the row is left out, unless the
 * purpose does not rest on consent (PIPL Art. 13(2)–(7)).
 */
import {
  assertGrantUsable,
  type CellValue,
  type ConsentState,
  canaryPrint,
  canaryRow,
  type DecideInput,
  DomainError,
  decide,
  exceedsQuota,
  isUnusualVolume,
  isWithinHours,
  type MarkMac,
  maskField,
  maskRow,
  previousSevenDays,
  type Row,
  shanghaiDay,
  type ViewSpec,
  viewColumns,
  viewOutputNames,
} from "@pipguard/core";
import { type Kysely, sql } from "kysely";
import { consentArea } from "../consent/index.js";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";
import { appendAccess, csvCell } from "./access-log.js";
import { type Grant, listGrants, viewByName } from "./admin.js";
import { raiseAlert } from "./alerts.js";
import { JsonLineWriter } from "./ndjson.js";
import { markBatch, sealRef } from "./refs.js";
import { keyOf, viewTable } from "./stores.js";

/** Largest page a pull may ask for. */
export const MAX_PULL_LIMIT = 10_000;

const cursorPlace = (grantId: string) => `access.cursor:${grantId}`;
const CANARY_PLACE = "access_canaries.print";

/** The grant's keyed mark function (HMAC under the keyring's index key, separated per grant); never stored. */
export function grantMac(ctx: AppContext, grantId: string): MarkMac {
  return (m) => Buffer.from(ctx.keyring.blindIndex(m, `access_grants.mark:${grantId}`), "base64url").toString("hex");
}

/** The grant a contractor uses for a view (the named one, else the usable one, else the latest). */
export async function grantFor(ctx: AppContext, contractorId: string, view: { id: string }, grantId?: string): Promise<Grant> {
  const grants = (await listGrants(ctx, { contractorId, viewId: view.id })).filter((g) => !grantId || g.id === grantId);
  const now = ctx.clock.now().getTime();
  const g = grants.find((x) => x.status === "active" && Date.parse(x.expiresAt) > now) ?? grants.at(-1);
  if (!g) throw new DomainError("FORBIDDEN", "no grant of this view for your key");
  return g;
}

function alertGrant(g: Grant) {
  return { id: g.id, contractorId: g.contractorId, purpose: g.purpose, autoSuspend: g.autoSuspend };
}

/** Checks status, expiry and hours; a pull outside hours raises an alert before it is refused. */
export async function checkGrant(ctx: AppContext, g: Grant): Promise<void> {
  const now = ctx.clock.now();
  assertGrantUsable(g, now);
  if (!isWithinHours(g.allowedHours, now)) {
    await raiseAlert(
      ctx,
      alertGrant(g),
      "outside_hours",
      { at: now.toISOString(), allowedHours: g.allowedHours },
      `hours:${g.id}:${now.toISOString().slice(0, 13)}`,
    );
    throw new DomainError("OUTSIDE_ALLOWED_HOURS", "this grant does not allow access at this hour (Asia/Shanghai)", { allowedHours: g.allowedHours });
  }
}

/**
 * A consent filter for one purpose: which identity values may be processed, with their subject ids.
 * Per page: subject ids by identity (SubjectService.idsOf: pairs already found come from memory),
 * the consent states of those subjects from the consent service's in-memory projection after one
 * freshness check, and, for subjects whose latest event is a grant, whether they are under 14
 * (PIPL Art. 31) from the subjects' age map (SubjectService.under14Flags); then core's `decide`. Each call decides afresh, so a long
 * export sees a withdrawal from the next batch on.
 */
export async function consentFilter(ctx: AppContext, view: ViewSpec, purpose: string) {
  const area = consentArea(ctx);
  const compiled = await area.consent.purpose(purpose);
  const policies = new Map<string, Awaited<ReturnType<typeof area.policies.policyFacts>>>();
  // One input object, refilled per row (decide keeps nothing of it).
  const subject = { under14: false };
  const input: DecideInput = { purpose: compiled, state: undefined, subject, policy: undefined };
  /** Per value, in order: the subject id when the row may be processed (null: allowed without a subject), else undefined. */
  return async (values: readonly CellValue[]): Promise<(string | null | undefined)[]> => {
    const n = values.length;
    const strings: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      strings[i] = v === null || v === undefined || v === "" ? null : typeof v === "string" ? v : String(v);
    }
    const ids = await area.subjects.idsOf(view.subject.identity, strings);
    const out: (string | null | undefined)[] = new Array(n);
    if (!compiled.needsConsent) {
      for (let i = 0; i < n; i++) if (strings[i] !== null) out[i] = ids[i] ?? null;
      return out;
    }
    const states = await area.consent.statesOf(ids, purpose);
    // No event, a refusal or a withdrawal: denied whatever the subject's facts (PIPL Arts. 14, 15).
    const granted: number[] = [];
    for (let i = 0; i < n; i++) if (states[i]?.action === "grant") granted.push(i);
    if (granted.length === 0) return out;
    const under14 = await area.subjects.under14Flags(granted.map((i) => ids[i] as string));
    for (let j = 0; j < granted.length; j++) {
      const flag = under14[j];
      if (flag === 2) continue; // no longer a subject: no consent to rely on
      const i = granted[j] as number;
      const state = states[i] as ConsentState;
      let policy = policies.get(state.app);
      if (policy === undefined && !policies.has(state.app)) {
        policy = await area.policies.policyFacts(state.app);
        policies.set(state.app, policy);
      }
      subject.under14 = flag === 1;
      input.state = state;
      input.policy = policy;
      if (decide(input).allow) out[i] = ids[i] as string;
    }
    return out;
  };
}

export interface PullInput {
  contractorId: string;
  keyId: string;
  view: string;
  grantId?: string;
  cursor?: string;
  limit: number;
}

export interface PullResult {
  view: string;
  grantId: string;
  purpose: string;
  items: Row[];
  nextCursor: string | null;
  usedToday: number;
  dailyRowQuota: number;
}

/** What a read has produced and not yet logged: rows as the contractor sees them, whose subjects, which canaries. */
interface Chunk {
  /** The rows as objects (page pulls, CSV exports)… */
  items: Row[];
  /** …or written straight as NDJSON lines (NDJSON exports; `items` stays empty). */
  lines: JsonLineWriter | undefined;
  /** Rows in the chunk, either way. */
  rows: number;
  subjectIds: string[];
  canaries: { anchor: string; print: string }[];
}

const emptyChunk = (lines?: JsonLineWriter): Chunk => ({ items: [], lines, rows: 0, subjectIds: [], canaries: [] });

/**
 * Writes a store row as the contractor sees it, as one NDJSON line: the bytes of
 * `JSON.stringify(maskRow(view, row, { ref }))` and a newline (output names are plain identifiers,
 * never `ref`, so keys need no escaping and `ref` stays first — see validateView).
 */
function lineWriter(view: ViewSpec): (w: JsonLineWriter, row: Row, ref: string) => void {
  const fields = view.fields;
  const heads = fields.map((f) => `,${JSON.stringify(f.as ?? f.column)}:`);
  // validateView keeps output names to ASCII identifiers; a view stored otherwise still writes correctly.
  const ascii = heads.every((h) => /^[\x20-\x7e]*$/.test(h));
  return (w, row, ref) => {
    w.ascii('{"ref":');
    w.string(ref);
    for (let j = 0; j < fields.length; j++) {
      const f = fields[j] as ViewSpec["fields"][number];
      if (ascii) w.ascii(heads[j] as string);
      else w.raw(heads[j] as string);
      w.value(maskField(f, row[f.column] ?? null));
    }
    w.ascii("}\n");
  };
}

/**
 * An open read of a view under a contractor's grant: the grant checked (status, expiry, hours), its
 * usage today and the week before, the store's connector, the consent filter, the grant's keyed marks
 * and the keyset position. Shared by page pulls and streamed exports.
 */
class ViewRead {
  after: CellValue[] | null = null;
  usedToday: number;
  private readonly columns: string[];
  private readonly writeLine: ReturnType<typeof lineWriter>;

  private constructor(
    readonly ctx: AppContext,
    readonly view: ViewSpec,
    readonly g: Grant,
    readonly contractorId: string,
    readonly now: Date,
    private readonly used: Map<string, number>,
    private readonly weekBefore: string[],
    private readonly conn: Awaited<ReturnType<typeof viewTable>>["conn"],
    private readonly keyColumns: string[],
    private readonly allowedOf: Awaited<ReturnType<typeof consentFilter>>,
    private readonly mac: MarkMac,
  ) {
    this.usedToday = used.get(this.day) ?? 0;
    this.columns = viewColumns(view);
    this.writeLine = lineWriter(view);
  }

  get day(): string {
    return shanghaiDay(this.now);
  }

  static async open(
    ctx: AppContext,
    input: { contractorId: string; view: string; grantId?: string | undefined; cursor?: string | undefined },
  ): Promise<ViewRead> {
    const v = await viewByName(ctx, input.view);
    const g = await grantFor(ctx, input.contractorId, v, input.grantId);
    await checkGrant(ctx, g);
    const now = ctx.clock.now();
    // Today's usage (quota) and the seven days before (unusual volume) in one read.
    const weekBefore = previousSevenDays(now);
    const used = await usageOn(ctx, g.id, [shanghaiDay(now), ...weekBefore]);
    const { conn, keyColumns } = await viewTable(ctx, v.spec);
    const allowedOf = await consentFilter(ctx, v.spec, g.purpose);
    const mac = grantMac(ctx, g.id);
    const read = new ViewRead(ctx, v.spec, g, input.contractorId, now, used, weekBefore, conn, keyColumns, allowedOf, mac);
    if (input.cursor) {
      try {
        read.after = JSON.parse(ctx.keyring.decrypt(input.cursor, cursorPlace(g.id))) as CellValue[];
      } catch {
        throw new DomainError("VALIDATION_FAILED", "cursor: not one this grant issued", { field: "cursor" });
      }
    }
    return read;
  }

  /** Refuses (and alerts) when `requested` more rows would pass today's quota. */
  async assertQuota(requested: number): Promise<void> {
    await refuseIfOverQuota(this.ctx, this.g, this.day, this.usedToday, requested);
  }

  /**
   * Keyset batches from the current position; ends after a short batch. With `readAhead` the next
   * batch is asked of the store as soon as a batch arrives, so the store works while pipguard masks.
   */
  async *batches(size: () => number, readAhead: boolean): AsyncGenerator<Row[]> {
    const scan = (after: CellValue[] | null, limit: number) =>
      this.conn.scan(this.view.table, { columns: this.columns, where: this.view.filter, keyColumns: this.keyColumns, after, limit });
    let limit = size();
    let next = scan(this.after, limit);
    for (;;) {
      const batch = await next;
      const more = batch.length === limit && batch.length > 0;
      if (more && readAhead) {
        limit = size();
        next = scan(keyOf(batch[batch.length - 1] as Row, this.keyColumns), limit);
        // Awaited on the next turn; if the caller stops first, the error must not go unhandled.
        next.catch(() => undefined);
        // Let the driver put the query on the wire before this batch is worked on: its connection
        // pool hands out a client on a later tick, which a long run of promise callbacks would
        // otherwise hold back until the batch is done — and nothing would be read ahead.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (batch.length > 0) yield batch;
      if (!more) return;
      if (!readAhead) {
        limit = size();
        next = scan(this.after, limit);
      }
    }
  }

  /**
   * Store rows into what the contractor sees: rows of consenting subjects, masked, with a sealed ref;
   * the grant's canary after the rows whose key falls on a slot (while there is room: a page or an
   * export never carries more than its limit), as objects or as NDJSON lines (see Chunk). Stops once
   * the chunk holds `max` rows; the position moves to the last row looked at.
   */
  async take(batch: Row[], max: number, into: Chunk): Promise<void> {
    const { view, ctx, g, keyColumns } = this;
    const n = batch.length;
    const subjectColumn = view.subject.column;
    const values: CellValue[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = (batch[i] as Row)[subjectColumn] ?? null;
    const allowed = await this.allowedOf(values);
    // The key's JSON (anchor of refs and canaries): a single integer key is written directly.
    const single = keyColumns.length === 1 ? (keyColumns[0] as string) : undefined;
    const anchors: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = batch[i] as Row;
      const k = single === undefined ? undefined : row[single];
      anchors[i] = typeof k === "number" && Number.isSafeInteger(k) ? `[${k}]` : JSON.stringify(keyOf(row, keyColumns));
    }
    const { refs, slots } = markBatch(ctx, g.id, this.mac, anchors);
    const { lines } = into;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (into.rows >= max) break;
      last = i;
      const row = batch[i] as Row;
      const sid = allowed[i];
      if (sid !== undefined) {
        if (lines) this.writeLine(lines, row, refs[i] as string);
        else into.items.push(maskRow(view, row, { ref: refs[i] as string }));
        into.rows++;
        if (sid) into.subjectIds.push(sid);
      }
      if (slots[i] && into.rows < max) {
        const anchor = anchors[i] as string;
        const fake = canaryRow(view, this.mac, anchor, row);
        const ref = sealRef(ctx, g.id, { c: anchor });
        const out = maskRow(view, fake, { ref });
        if (lines) this.writeLine(lines, fake, ref);
        else into.items.push(out);
        into.rows++;
        into.canaries.push({ anchor, print: JSON.stringify(canaryPrint(view, out).cells) });
      }
    }
    // The position moves to the last row looked at.
    if (last >= 0) this.after = keyOf(batch[last] as Row, keyColumns);
  }

  /**
   * Logs what a chunk hands over in the hash-chained access log (PIPL Art. 54), counts it against the
   * quota and records its canaries — one transaction, committed before a row leaves.
   */
  async commit(chunk: Chunk, action: "view_pull" | "view_export", n = chunk.rows): Promise<void> {
    const { ctx, g } = this;
    await appendAccess(
      ctx,
      {
        actor: `contractor:${this.contractorId}`,
        action,
        grantId: g.id,
        purpose: g.purpose,
        target: `view:${this.view.name}`,
        subjectIds: chunk.subjectIds,
        fields: viewOutputNames(this.view),
        rowCount: n,
        justification: null,
      },
      async (trx) => {
        await addUsage(trx, g.id, this.day, n);
        await recordCanaries(ctx, trx, g.id, chunk.canaries);
      },
    );
    this.usedToday += n;
  }

  /** Alerts when today's rows pass 3x the seven-day median. */
  async checkVolume(): Promise<void> {
    const v = isUnusualVolume(
      this.usedToday,
      this.weekBefore.map((d) => this.used.get(d) ?? 0),
    );
    if (v.unusual)
      await raiseAlert(
        this.ctx,
        alertGrant(this.g),
        "unusual_volume",
        { day: this.day, rows: this.usedToday, sevenDayMedian: v.median },
        `volume:${this.g.id}:${this.day}`,
      );
  }

  /** An opaque cursor for the current position (sealed for this grant). */
  cursor(): string | null {
    return this.after === null ? null : this.ctx.keyring.encrypt(JSON.stringify(this.after), cursorPlace(this.g.id));
  }
}

/** Pulls one page of a view for a contractor. */
export async function pullView(ctx: AppContext, input: PullInput): Promise<PullResult> {
  const r = await ViewRead.open(ctx, input);
  const limit = Math.min(Math.max(1, Math.floor(input.limit)), MAX_PULL_LIMIT);
  if (r.usedToday >= r.g.dailyRowQuota) await r.assertQuota(limit);
  const chunk = emptyChunk();
  let done = true;
  for await (const batch of r.batches(() => Math.max(100, limit - chunk.rows), false)) {
    await r.take(batch, limit, chunk);
    if (chunk.rows >= limit) {
      done = false;
      break;
    }
  }
  await r.assertQuota(chunk.rows);
  await r.commit(chunk, "view_pull");
  await r.checkVolume();
  return {
    view: r.view.name,
    grantId: r.g.id,
    purpose: r.g.purpose,
    items: chunk.items,
    nextCursor: done ? null : r.cursor(),
    usedToday: r.usedToday,
    dailyRowQuota: r.g.dailyRowQuota,
  };
}

/** Most rows one export may carry. */
export const MAX_EXPORT_ROWS = 1_000_000;
/**
 * Store rows per keyset read of an export (a COPY on PostgreSQL): fewer, larger reads spend less per
 * row on the query, the consent filter's freshness check and the per-batch cipher calls; two batches
 * (this one and the one read ahead) are in memory at a time.
 */
const EXPORT_BATCH = 5000;
/** Rows logged (and counted against the quota) per access-log entry of an export. */
const EXPORT_LOG_EVERY = 10_000;

export interface ExportInput {
  contractorId: string;
  view: string;
  grantId?: string | undefined;
  cursor?: string | undefined;
  /** Rows wanted; more than today's quota has left is refused. Default: what the quota has left (at most MAX_EXPORT_ROWS). */
  limit?: number | undefined;
  format: "ndjson" | "csv";
  /** Rows per access-log entry (default 10,000) and per store read (default 1,000); tests use fewer. */
  logEvery?: number | undefined;
  batchRows?: number | undefined;
}

export interface ViewExport {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
}

/**
 * A streamed export of a view for a contractor (a day's call list for a dialer, 委托处理 PIPL Art. 21):
 * the same grant checks, consent filter, masking, refs and canaries as a page pull, read from the store
 * in keyset batches with the next batch asked for while this one is masked, and written as it goes.
 * Every 10,000 rows are logged in the access log, counted against the quota and their canaries
 * recorded — in one transaction, before they are sent. Asking for more rows than the quota has left is
 * refused and alerted before anything is read; an export cut short by the quota ends there and alerts.
 * NDJSON ends with one `{"end": …}` line (rows, whether the view was exhausted, a cursor to go on);
 * CSV (UTF-8 with a BOM, for spreadsheet software) has a header row and ends with the data. An error
 * after the first byte ends NDJSON with an `{"error": {"code"}}` line and aborts a CSV transfer, so a
 * partial file is never taken for a whole one.
 */
export async function exportView(ctx: AppContext, input: ExportInput): Promise<ViewExport> {
  const r = await ViewRead.open(ctx, input);
  const left = r.g.dailyRowQuota - r.usedToday;
  await r.assertQuota(input.limit ?? 1);
  const limit = Math.min(input.limit ?? left, left, MAX_EXPORT_ROWS);
  const names = viewOutputNames(r.view);
  const csv = input.format === "csv";
  const logEvery = input.logEvery ?? EXPORT_LOG_EVERY;
  const batchRows = input.batchRows ?? EXPORT_BATCH;
  const enc = new TextEncoder();
  const batches = r.batches(() => batchRows, true);
  const csvLine = (row: Row) => `${csvCell(row.ref)},${names.map((n) => csvCell(row[n])).join(",")}\n`;
  let read = 0; // rows read into parts
  let sent = 0; // rows logged and handed to the client
  let exhausted = false;
  let done = false; // finished, or stopped by an error
  let cancelled = false; // the client hung up
  let ahead: Promise<Part> | undefined;

  interface Part {
    chunk: Chunk;
    rows: number;
    bytes: Uint8Array;
    /** No part after this one (the view is exhausted or the limit reached). */
    last: boolean;
  }
  // A part is read, filtered, masked and serialised batch by batch (NDJSON lines are written as rows
  // are taken, CSV lines after each batch, so rows die young); it is logged only when the client asks
  // for it.
  const readPart = async (): Promise<Part> => {
    // ≈ 110 bytes a line for a broadband-sized view; the writer grows if a view's lines are longer.
    const chunk = emptyChunk(csv ? undefined : new JsonLineWriter(Math.min(logEvery, limit) * 128));
    const csvBytes: Buffer[] = [];
    let last = false;
    while (chunk.rows < logEvery) {
      if (read + chunk.rows >= limit) {
        last = true;
        // At the limit: is the store done too? (Then the end line says so, and a quota-capped export
        // that happened to fit exactly raises no alert.)
        if ((await batches.next()).done) exhausted = true;
        break;
      }
      const next = await batches.next();
      if (next.done) {
        exhausted = true;
        last = true;
        break;
      }
      await r.take(next.value, limit - read, chunk);
      if (chunk.items.length > 0) csvBytes.push(Buffer.from(chunk.items.map(csvLine).join(""), "utf8"));
      chunk.items.length = 0;
    }
    const rows = chunk.rows;
    read += rows;
    return { chunk, rows, bytes: chunk.lines ? chunk.lines.bytes() : Buffer.concat(csvBytes), last };
  };
  const finish = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    done = true;
    await batches.return(undefined);
    await r.checkVolume();
    if (!exhausted && sent >= left) await alertOverQuota(ctx, r.g, r.day, { usedToday: r.usedToday, exportCutAt: sent });
    if (!csv) {
      const end = { rows: sent, exhausted, nextCursor: exhausted ? null : r.cursor(), usedToday: r.usedToday, dailyRowQuota: r.g.dailyRowQuota };
      controller.enqueue(enc.encode(`${JSON.stringify({ end })}\n`));
    }
    controller.close();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (csv) controller.enqueue(enc.encode(`\uFEFF${["ref", ...names].map(csvCell).join(",")}\n`));
      },
      // Called when the client wants more (highWaterMark 0): the part read ahead is logged, counted
      // and its canaries recorded, then sent; the next part is read while this one is logged (its
      // subject ids deflated, the transaction committed) and while the client takes it. A part the
      // client never asks for is never logged.
      async pull(controller) {
        if (done || cancelled) return;
        try {
          const part = await (ahead ?? readPart());
          ahead = undefined;
          if (cancelled) return;
          if (!part.last) {
            ahead = readPart();
            ahead.catch(() => undefined); // surfaces on the next pull
          }
          if (part.rows > 0) {
            await r.commit(part.chunk, "view_export", part.rows);
            sent += part.rows;
            controller.enqueue(part.bytes);
          }
          if (part.last) await finish(controller);
        } catch (e) {
          if (cancelled) return;
          done = true;
          await batches.return(undefined).catch(() => undefined);
          const code = e instanceof DomainError ? e.code : "INTERNAL";
          ctx.logger.warn({ subsystem: "access", view: r.view.name, grantId: r.g.id, code, rowsSent: sent }, "a view export stopped early");
          if (csv) controller.error(new DomainError("SERVICE_UNAVAILABLE", "the export stopped early"));
          else {
            controller.enqueue(enc.encode(`${JSON.stringify({ error: { code, rows: sent } })}\n`));
            controller.close();
          }
        }
      },
      async cancel() {
        cancelled = true;
        await batches.return(undefined).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    body,
    contentType: csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    filename: `${r.view.name}-${r.day}.${csv ? "csv" : "jsonl"}`,
  };
}

async function alertOverQuota(ctx: AppContext, g: Grant, day: string, detail: Record<string, number>): Promise<void> {
  await raiseAlert(ctx, alertGrant(g), "quota_exceeded", { day, ...detail, dailyRowQuota: g.dailyRowQuota }, `quota:${g.id}:${day}`);
}

/** Refuses (and alerts) when `rows` more today would pass the grant's daily quota; answers the day. */
export async function assertDailyQuota(ctx: AppContext, g: Grant, rows: number): Promise<string> {
  const day = shanghaiDay(ctx.clock.now());
  await refuseIfOverQuota(ctx, g, day, (await usageOn(ctx, g.id, [day])).get(day) ?? 0, rows);
  return day;
}

/** Refuses (and alerts) when nothing is left today or `requested` more rows would pass the quota. */
async function refuseIfOverQuota(ctx: AppContext, g: Grant, day: string, usedToday: number, requested: number): Promise<void> {
  if (usedToday >= g.dailyRowQuota || exceedsQuota(g, usedToday, requested)) await refuseOverQuota(ctx, g, day, usedToday, requested);
}

async function refuseOverQuota(ctx: AppContext, g: Grant, day: string, usedToday: number, requested: number): Promise<never> {
  await alertOverQuota(ctx, g, day, { usedToday, requested });
  throw new DomainError("ACCESS_QUOTA_EXCEEDED", "this pull would pass the grant's daily row quota; it was refused and the controller alerted", {
    usedToday,
    requested,
    dailyRowQuota: g.dailyRowQuota,
  });
}

/** Rows pulled per day for a grant. */
export async function usageOn(ctx: AppContext, grantId: string, days: string[]): Promise<Map<string, number>> {
  const rows = await ctx.db.kysely.selectFrom("access_usage").select(["day", "rows"]).where("grant_id", "=", grantId).where("day", "in", days).execute();
  return new Map(rows.map((r) => [r.day, Number(r.rows)]));
}

export async function addUsage(db: Kysely<Database>, grantId: string, day: string, n: number): Promise<void> {
  if (n === 0) return;
  await db
    .insertInto("access_usage")
    .values({ grant_id: grantId, day, rows: n })
    .onConflict((oc) => oc.columns(["grant_id", "day"]).doUpdateSet({ rows: sql`access_usage.rows + ${n}` }))
    .execute();
}

/**
 * Records the canaries a read hands over (leak tracing). A grant's canary for a row is deterministic,
 * so one already recorded (the row was pulled before — a daily call list, a re-run export) is left as
 * it is; those are found first, with one query per 500, so only new ones cost an encryption and an
 * insert (about 25 µs each: one in 50 rows of an export). Two reads racing on the same new canary
 * both insert it; the unique (grant, anchor) keeps one.
 */
async function recordCanaries(ctx: AppContext, db: Kysely<Database>, grantId: string, all: { anchor: string; print: string }[]): Promise<void> {
  if (all.length === 0) return;
  const recorded = new Set<string>();
  for (let i = 0; i < all.length; i += 500) {
    const anchors = all.slice(i, i + 500).map((c) => c.anchor);
    const rows = await db.selectFrom("access_canaries").select("anchor").where("grant_id", "=", grantId).where("anchor", "in", anchors).execute();
    for (const r of rows) recorded.add(r.anchor);
  }
  const canaries = all.filter((c) => !recorded.has(c.anchor));
  const now = ctx.clock.now().toISOString();
  for (let i = 0; i < canaries.length; i += 200) {
    const values = canaries.slice(i, i + 200).map((c) => ({
      id: ctx.ids.next(),
      grant_id: grantId,
      anchor: c.anchor,
      print_ciphertext: ctx.keyring.encrypt(c.print, CANARY_PLACE),
      created_at: now,
    }));
    await db
      .insertInto("access_canaries")
      .values(values)
      .onConflict((oc) => oc.columns(["grant_id", "anchor"]).doNothing())
      .execute();
  }
}

/** The canaries issued to a grant (their output cells). */
export async function canariesOf(ctx: AppContext, grantId: string): Promise<string[][]> {
  const rows = await ctx.db.kysely.selectFrom("access_canaries").select("print_ciphertext").where("grant_id", "=", grantId).execute();
  return rows.map((r) => JSON.parse(ctx.keyring.decrypt(r.print_ciphertext, CANARY_PLACE)) as string[]);
}
