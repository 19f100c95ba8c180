/**
 * The access log (PIPL Art. 54 compliance audits): every read of PI through pipguard — contractor
 * view pulls, reveals, rights-request export downloads, vault restores — appended to a hash chain
 * (core protect/access-chain.ts). Entries carry pseudonymous subject ids, never PI; a reveal's written
 * justification is stored encrypted and hashed as plaintext, so `keys rotate` keeps the chain valid.
 */
import { promisify } from "node:util";
import { deflateRaw, inflateRawSync } from "node:zlib";
import { type AccessChainVerdict, AccessChainVerifier, type AccessEntry, type AccessEntryInput, chainAccessEntry, DomainError } from "@pipguard/core";
import type { Kysely } from "kysely";
import { nodeHasher } from "../consent/hasher.js";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";

const JUSTIFICATION_PLACE = "access_log.justification";
const HEAD_ID = "access";
/**
 * Entries read per query when verifying or exporting. An export part's entry holds 10,000 subject ids
 * (≈ 0.6 MB once parsed), so a page is kept to 200 entries: ≈ 130 MB at most in memory at a time.
 */
const PAGE = 200;

/**
 * Subject ids of large entries are stored deflated: `z:` and the base64 of the raw-deflated JSON array
 * (a JSON array starts with `[`, so the two never mix). An export part's 10,000 UUIDv7 ids are 390 KB
 * of JSON and ≈ 128 KB packed — a million exported rows add ≈ 13 MB to pipguard's database instead
 * of ≈ 39 MB. The chain hashes the JSON text (never the packed form), so packed and plain entries
 * verify alike, and entries written before packing read as they are. Deflated on the thread pool
 * (level 1: ≈ 5 ms per 10,000 ids), not on the thread that serves requests.
 */
const PACKED = "z:";
/** JSON shorter than this is stored as it is (reveals, rights-request downloads, small pulls). */
const PACK_FROM = 2048;
const deflateRawAsync = promisify(deflateRaw);
/** Stands in for subject ids that could not be read back (a damaged packed value). */
const UNREADABLE = "\u0000unreadable";

/** How subject ids (their JSON text) are stored: as they are when short, else packed. */
export async function packSubjectIds(json: string): Promise<string> {
  if (json.length < PACK_FROM) return json;
  return PACKED + (await deflateRawAsync(json, { level: 1 })).toString("base64");
}

/** The ids of a stored entry; an unreadable packed value gives an id that no chain hash can match. */
export function unpackSubjectIds(stored: string): string[] {
  try {
    const json = stored.startsWith(PACKED) ? inflateRawSync(Buffer.from(stored.slice(PACKED.length), "base64")).toString("utf8") : stored;
    return JSON.parse(json) as string[];
  } catch {
    return [UNREADABLE];
  }
}

/** What a caller logs; id and time are filled in. */
export type AccessLogInput = Omit<AccessEntryInput, "id" | "at">;

/**
 * Appends one entry; optimistic on the head row, retried when another writer got there first.
 * `alongside` runs in the same transaction once the entry is linked (a pull's usage and canaries):
 * one commit for the lot, and the read is never counted without being logged or the reverse.
 */
export async function appendAccess(ctx: AppContext, input: AccessLogInput, alongside?: (trx: Kysely<Database>) => Promise<void>): Promise<AccessEntry> {
  const entry: AccessEntryInput = { ...input, id: ctx.ids.next(), at: ctx.clock.now().toISOString() };
  const subjectIdsJson = JSON.stringify(entry.subjectIds); // hashed, and stored packed when large
  const storedIds = await packSubjectIds(subjectIdsJson);
  for (let attempt = 0; attempt < 20; attempt++) {
    const done = await ctx.db.kysely.transaction().execute(async (trx) => {
      const head = await trx.selectFrom("access_log_head").select(["seq", "hash"]).where("id", "=", HEAD_ID).executeTakeFirstOrThrow();
      const linked = chainAccessEntry(entry, head.seq === 0 ? null : head, nodeHasher, subjectIdsJson);
      const moved = await trx
        .updateTable("access_log_head")
        .set({ seq: linked.seq, hash: linked.hash })
        .where("id", "=", HEAD_ID)
        .where("seq", "=", head.seq)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return undefined;
      await trx
        .insertInto("access_log")
        .values(toRow(ctx, linked, storedIds))
        .execute();
      await alongside?.(trx);
      return linked;
    });
    if (done) return done;
  }
  throw new DomainError("SERVICE_UNAVAILABLE", "the access log is busy; try again");
}

function toRow(ctx: AppContext, e: AccessEntry, storedIds: string): Database["access_log"] {
  return {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    grant_id: e.grantId,
    purpose: e.purpose,
    target: e.target,
    subject_ids: storedIds,
    fields: JSON.stringify(e.fields),
    row_count: e.rowCount,
    justification_ciphertext: e.justification === null ? null : ctx.keyring.encrypt(e.justification, JUSTIFICATION_PLACE),
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

function fromRow(ctx: AppContext, r: Database["access_log"]): AccessEntry {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action as AccessEntry["action"],
    grantId: r.grant_id,
    purpose: r.purpose,
    target: r.target,
    subjectIds: unpackSubjectIds(r.subject_ids),
    fields: JSON.parse(r.fields) as string[],
    rowCount: Number(r.row_count),
    justification: r.justification_ciphertext === null ? null : ctx.keyring.decrypt(r.justification_ciphertext, JUSTIFICATION_PLACE),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Entries in order, a page at a time; optionally only those with from <= at < to. */
export async function* accessLogPages(ctx: AppContext, opts: { from?: string; to?: string; db?: Kysely<Database> } = {}): AsyncGenerator<AccessEntry[]> {
  const db = opts.db ?? ctx.db.kysely;
  let after = 0;
  for (;;) {
    let q = db.selectFrom("access_log").selectAll().where("seq", ">", after);
    if (opts.from) q = q.where("at", ">=", opts.from);
    if (opts.to) q = q.where("at", "<", opts.to);
    const rows = await q.orderBy("seq").limit(PAGE).execute();
    if (rows.length === 0) return;
    const page = rows.map((r) => fromRow(ctx, r));
    after = page[page.length - 1]?.seq as number;
    yield page;
  }
}

/** Verifies the whole log against its head in one snapshot; a justification that fails to decrypt counts as edited. */
export async function verifyAccessLog(ctx: AppContext): Promise<AccessChainVerdict> {
  let tx = ctx.db.kysely.transaction();
  if (ctx.db.dialect === "postgres") tx = tx.setIsolationLevel("repeatable read");
  return tx.execute(async (trx) => {
    const head = await trx.selectFrom("access_log_head").select(["seq", "hash"]).where("id", "=", HEAD_ID).executeTakeFirstOrThrow();
    const v = new AccessChainVerifier(nodeHasher);
    let after = 0;
    for (;;) {
      const rows = await trx.selectFrom("access_log").selectAll().where("seq", ">", after).orderBy("seq").limit(PAGE).execute();
      if (rows.length === 0) break;
      const page: AccessEntry[] = [];
      for (const r of rows) {
        try {
          page.push(fromRow(ctx, r));
        } catch {
          // An undecryptable justification was tampered with: hash it as a value that cannot match.
          page.push({ ...fromRow(ctx, { ...r, justification_ciphertext: null }), justification: "\u0000tampered" });
        }
      }
      if (!v.push(page)) break;
      after = Number(rows[rows.length - 1]?.seq);
    }
    return v.finish(head.seq === 0 ? null : { seq: Number(head.seq), hash: head.hash });
  });
}

const CSV_COLUMNS = ["seq", "at", "actor", "action", "grantId", "purpose", "target", "rowCount", "fields", "subjectIds", "justification", "hash"] as const;

/** One CSV cell: quoted when needed, and a leading = + - @ kept as text (CSV injection). */
export function csvCell(v: unknown): string {
  const s = Array.isArray(v) ? v.join(" ") : v === null || v === undefined ? "" : String(v);
  // A leading = + - @ would be a formula in a spreadsheet (CSV injection): quote it as text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV header line of an export. */
export function accessLogCsvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\n`;
}

/** CSV lines of entries. */
export function accessLogCsv(entries: readonly AccessEntry[]): string {
  return entries.map((e) => `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(",")}\n`).join("");
}
