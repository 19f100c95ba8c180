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
  DomainError,
  decide,
  exceedsQuota,
  isCanarySlot,
  isUnder14,
  isUnusualVolume,
  isWithinHours,
  type MarkMac,
  maskRow,
  previousSevenDays,
  type Row,
  shanghaiDay,
  type ViewSpec,
  viewColumns,
  viewOutputNames,
} from "@pipguard/core";
import { sql } from "kysely";
import { consentArea } from "../consent/index.js";
import { type IdentityType, normaliseIdentity } from "../consent/subject-service.js";
import type { AppContext } from "../context.js";
import { appendAccess } from "./access-log.js";
import { type Grant, listGrants, viewByName } from "./admin.js";
import { raiseAlert } from "./alerts.js";
import { sealRef } from "./refs.js";
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
 * `IN (list)` as one bound parameter (PostgreSQL `= any($1)`, SQLite `json_each`): a page of a
 * thousand values compiles to one short statement instead of a thousand placeholders.
 */
function inList(ctx: AppContext, values: string[]) {
  return ctx.db.dialect === "postgres" ? sql`= any(${values}::text[])` : sql`in (select value from json_each(${JSON.stringify(values)}))`;
}

/** Consent subject ids of identity values, by blind index (one query per 500 values). */
export async function subjectIdsOf(ctx: AppContext, identity: IdentityType, values: readonly CellValue[]): Promise<Map<string, string>> {
  const byIndex = new Map<string, string>();
  for (const v of values) {
    if (v === null || v === "") continue;
    const s = String(v);
    byIndex.set(ctx.keyring.blindIndex(normaliseIdentity(identity, s), `subject_identities.${identity}`), s);
  }
  const out = new Map<string, string>();
  const indexes = [...byIndex.keys()];
  for (let i = 0; i < indexes.length; i += 5000) {
    const part = indexes.slice(i, i + 5000);
    const rows = await sql<{
      subject_id: string;
      blind_index: string;
    }>`select subject_id, blind_index from subject_identities where type = ${identity} and blind_index ${inList(ctx, part)}`.execute(ctx.db.kysely);
    for (const r of rows.rows) out.set(byIndex.get(r.blind_index) as string, r.subject_id);
  }
  return out;
}

/**
 * A consent filter for one purpose: which identity values may be processed, with their subject ids.
 * Decisions are core's `decide` over the consent service's in-memory state; only subjects whose
 * latest event is a grant need their facts (age, for PIPL Art. 31), loaded once per page.
 */
export async function consentFilter(ctx: AppContext, view: ViewSpec, purpose: string) {
  const area = consentArea(ctx);
  const compiled = await area.consent.purpose(purpose);
  const decided = new Map<string, boolean>();
  const today = ctx.calendar.today();
  return async (values: readonly CellValue[]): Promise<Map<string, string | null>> => {
    const ids = await subjectIdsOf(ctx, view.subject.identity, values);
    const allowed = new Map<string, string | null>();
    if (!compiled.needsConsent) {
      for (const v of values) if (v !== null) allowed.set(String(v), ids.get(String(v)) ?? null);
      return allowed;
    }
    const granted = new Map<string, ConsentState>();
    for (const sid of new Set(ids.values())) {
      if (decided.has(sid)) continue;
      const state = await area.consent.state(sid, purpose);
      // No event, a refusal or a withdrawal: denied whatever the subject's facts (PIPL Arts. 14, 15).
      if (state?.action === "grant") granted.set(sid, state);
      else decided.set(sid, false);
    }
    const facts = await subjectFacts(ctx, [...granted.keys()], today);
    for (const [sid, state] of granted) {
      const policy = await area.policies.policyFacts(state.app);
      decided.set(sid, decide({ purpose: compiled, state, subject: { under14: facts.get(sid) ?? false }, policy }).allow);
    }
    for (const v of values) {
      if (v === null) continue;
      const sid = ids.get(String(v));
      if (sid && decided.get(sid)) allowed.set(String(v), sid);
    }
    return allowed;
  };
}

/** Whether each subject is under 14 today (PIPL Art. 31), read in one query per 5,000 subjects. */
async function subjectFacts(ctx: AppContext, ids: string[], today: string): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = (
      await sql<{
        id: string;
        birth_date_ciphertext: string | null;
        age_band: string | null;
      }>`select id, birth_date_ciphertext, age_band from subjects where id ${inList(ctx, ids.slice(i, i + 5000))}`.execute(ctx.db.kysely)
    ).rows;
    for (const r of rows) {
      const birthDate = r.birth_date_ciphertext ? ctx.keyring.decrypt(r.birth_date_ciphertext, "subjects.birth_date") : null;
      out.set(r.id, isUnder14({ birthDate, ageBand: r.age_band, today }));
    }
  }
  return out;
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

/** Pulls one page of a view for a contractor. */
export async function pullView(ctx: AppContext, input: PullInput): Promise<PullResult> {
  const v = await viewByName(ctx, input.view);
  const view = v.spec;
  const g = await grantFor(ctx, input.contractorId, v, input.grantId);
  await checkGrant(ctx, g);
  const now = ctx.clock.now();
  const day = shanghaiDay(now);
  const used = await usageOn(ctx, g.id, [day]);
  const usedToday = used.get(day) ?? 0;
  const limit = Math.min(Math.max(1, Math.floor(input.limit)), MAX_PULL_LIMIT);
  if (usedToday >= g.dailyRowQuota) await refuseOverQuota(ctx, g, day, usedToday, limit);

  const { conn, keyColumns } = await viewTable(ctx, view);
  const allowedOf = await consentFilter(ctx, view, g.purpose);
  const mac = grantMac(ctx, g.id);
  let after: CellValue[] | null = null;
  if (input.cursor) {
    try {
      after = JSON.parse(ctx.keyring.decrypt(input.cursor, cursorPlace(g.id))) as CellValue[];
    } catch {
      throw new DomainError("VALIDATION_FAILED", "cursor: not one this grant issued", { field: "cursor" });
    }
  }
  const items: Row[] = [];
  const subjectIds: string[] = [];
  const canaries: { anchor: string; print: string }[] = [];
  let done = false;
  const columns = viewColumns(view);
  while (items.length < limit) {
    const batchLimit = Math.max(100, limit - items.length);
    const batch = await conn.scan(view.table, { columns, where: view.filter, keyColumns, after, limit: batchLimit });
    if (batch.length === 0) {
      done = true;
      break;
    }
    const allowed = await allowedOf(batch.map((r) => r[view.subject.column] ?? null));
    for (const row of batch) {
      if (items.length >= limit) break;
      const key = keyOf(row, keyColumns);
      after = key;
      const subjectValue = row[view.subject.column];
      const sid = subjectValue === null || subjectValue === undefined ? undefined : allowed.get(String(subjectValue));
      if (sid !== undefined) {
        items.push({ ref: sealRef(ctx, g.id, { k: key }), ...maskRow(view, row) });
        if (sid) subjectIds.push(sid);
      }
      const anchor = JSON.stringify(key);
      if (isCanarySlot(mac, anchor)) {
        const out = maskRow(view, canaryRow(view, mac, anchor, row));
        items.push({ ref: sealRef(ctx, g.id, { c: anchor }), ...out });
        canaries.push({ anchor, print: JSON.stringify(canaryPrint(view, out).cells) });
      }
    }
    if (batch.length < batchLimit && items.length < limit) {
      done = true;
      break;
    }
  }
  const n = items.length;
  if (exceedsQuota(g, usedToday, n)) await refuseOverQuota(ctx, g, day, usedToday, n);
  await addUsage(ctx, g.id, day, n);
  await checkVolume(ctx, g, now, usedToday + n);
  await recordCanaries(ctx, g.id, canaries);
  await appendAccess(ctx, {
    actor: `contractor:${input.contractorId}`,
    action: "view_pull",
    grantId: g.id,
    purpose: g.purpose,
    target: `view:${view.name}`,
    subjectIds,
    fields: viewOutputNames(view),
    rowCount: n,
    justification: null,
  });
  return {
    view: view.name,
    grantId: g.id,
    purpose: g.purpose,
    items,
    nextCursor: done || after === null ? null : ctx.keyring.encrypt(JSON.stringify(after), cursorPlace(g.id)),
    usedToday: usedToday + n,
    dailyRowQuota: g.dailyRowQuota,
  };
}

async function refuseOverQuota(ctx: AppContext, g: Grant, day: string, usedToday: number, requested: number): Promise<never> {
  await raiseAlert(ctx, alertGrant(g), "quota_exceeded", { day, usedToday, requested, dailyRowQuota: g.dailyRowQuota }, `quota:${g.id}:${day}`);
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

async function addUsage(ctx: AppContext, grantId: string, day: string, n: number): Promise<void> {
  if (n === 0) return;
  await ctx.db.kysely
    .insertInto("access_usage")
    .values({ grant_id: grantId, day, rows: n })
    .onConflict((oc) => oc.columns(["grant_id", "day"]).doUpdateSet({ rows: sql`access_usage.rows + ${n}` }))
    .execute();
}

async function checkVolume(ctx: AppContext, g: Grant, now: Date, today: number): Promise<void> {
  const days = previousSevenDays(now);
  const used = await usageOn(ctx, g.id, days);
  const v = isUnusualVolume(
    today,
    days.map((d) => used.get(d) ?? 0),
  );
  if (v.unusual)
    await raiseAlert(
      ctx,
      alertGrant(g),
      "unusual_volume",
      { day: shanghaiDay(now), rows: today, sevenDayMedian: v.median },
      `volume:${g.id}:${shanghaiDay(now)}`,
    );
}

async function recordCanaries(ctx: AppContext, grantId: string, canaries: { anchor: string; print: string }[]): Promise<void> {
  const now = ctx.clock.now().toISOString();
  for (let i = 0; i < canaries.length; i += 200) {
    const values = canaries.slice(i, i + 200).map((c) => ({
      id: ctx.ids.next(),
      grant_id: grantId,
      anchor: c.anchor,
      print_ciphertext: ctx.keyring.encrypt(c.print, CANARY_PLACE),
      created_at: now,
    }));
    await ctx.db.kysely
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
