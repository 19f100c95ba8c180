/**
 * Contractors (受托人), their keys, views and grants — what an admin sets up before a contractor can
 * pull anything (PIPL Art. 21: purpose, period, method and scope agreed with the entrusted party).
 */
import { type AllowedHours, DomainError, type GrantStatus, type ViewSpec, validateHours, validateView } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { consentArea } from "../consent/index.js";
import type { AppContext } from "../context.js";
import type { Database } from "../storage/schema.js";

export interface Contractor {
  id: string;
  name: string;
  createdAt: string;
}

export interface AccessView {
  id: string;
  spec: ViewSpec;
  createdAt: string;
}

export interface Grant {
  id: string;
  contractorId: string;
  viewId: string;
  viewName: string;
  purpose: string;
  status: GrantStatus;
  expiresAt: string;
  dailyRowQuota: number;
  allowedHours: AllowedHours | null;
  autoSuspend: boolean;
  createdBy: string | null;
  createdAt: string;
}

/** Creates a contractor; names are unique. */
export async function createContractor(ctx: AppContext, name: string): Promise<Contractor> {
  const c = { id: ctx.ids.next(), name: name.trim(), createdAt: ctx.clock.now().toISOString() };
  if (c.name.length === 0 || c.name.length > 200) throw new DomainError("VALIDATION_FAILED", "name: 1 to 200 characters", { field: "name" });
  if (await ctx.db.kysely.selectFrom("access_contractors").select("id").where("name", "=", c.name).executeTakeFirst())
    throw new DomainError("ALREADY_EXISTS", "a contractor with this name exists");
  await ctx.db.kysely.insertInto("access_contractors").values({ id: c.id, name: c.name, created_at: c.createdAt }).execute();
  return c;
}

/** Every contractor. */
export async function listContractors(ctx: AppContext): Promise<Contractor[]> {
  const rows = await ctx.db.kysely.selectFrom("access_contractors").selectAll().orderBy("name").execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

async function contractorByIdOrName(ctx: AppContext, ref: string): Promise<Contractor> {
  const r = await ctx.db.kysely
    .selectFrom("access_contractors")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", ref), eb("name", "=", ref)]))
    .executeTakeFirst();
  if (!r) throw new DomainError("NOT_FOUND", "no such contractor");
  return { id: r.id, name: r.name, createdAt: r.created_at };
}

/**
 * Issues a contractor key: an API key whose only permission is access:pull, bound to the contractor.
 * The secret is returned once; only its hash is kept (auth-service).
 */
export async function createContractorKey(
  ctx: AppContext,
  contractorRef: string,
  createdBy: string | null,
): Promise<{ keyId: string; contractorId: string; secret: string }> {
  const c = await contractorByIdOrName(ctx, contractorRef);
  const { key, secret } = await ctx.auth.createApiKey({ name: `contractor:${c.name}`.slice(0, 100), scopes: ["access:pull"], createdBy });
  await ctx.db.kysely.insertInto("access_contractor_keys").values({ api_key_id: key.id, contractor_id: c.id, created_at: key.createdAt }).execute();
  return { keyId: key.id, contractorId: c.id, secret };
}

/** The contractor behind an API key id, if the key is a contractor key. */
export async function contractorOfKey(ctx: AppContext, keyId: string): Promise<string | undefined> {
  const r = await ctx.db.kysely.selectFrom("access_contractor_keys").select("contractor_id").where("api_key_id", "=", keyId).executeTakeFirst();
  return r?.contractor_id;
}

/** Creates or replaces a view (by name); the store must exist in the catalog. */
export async function saveView(ctx: AppContext, spec: ViewSpec): Promise<AccessView> {
  validateView(spec);
  const stores = await catalogService(ctx).listStores();
  if (!stores.some((s) => s.key === spec.store)) throw new DomainError("UNKNOWN_REFERENCE", "no data store with that key in the catalog", { field: "store" });
  const now = ctx.clock.now().toISOString();
  const existing = await ctx.db.kysely.selectFrom("access_views").select(["id", "created_at"]).where("name", "=", spec.name).executeTakeFirst();
  if (existing) {
    await ctx.db.kysely
      .updateTable("access_views")
      .set({ spec: JSON.stringify(spec), updated_at: now })
      .where("id", "=", existing.id)
      .execute();
    return { id: existing.id, spec, createdAt: existing.created_at };
  }
  const id = ctx.ids.next();
  await ctx.db.kysely
    .insertInto("access_views")
    .values({ id, name: spec.name, spec: JSON.stringify(spec), created_at: now, updated_at: now })
    .execute();
  return { id, spec, createdAt: now };
}

/** Every view. */
export async function listViews(ctx: AppContext): Promise<AccessView[]> {
  const rows = await ctx.db.kysely.selectFrom("access_views").selectAll().orderBy("name").execute();
  return rows.map((r) => ({ id: r.id, spec: JSON.parse(r.spec) as ViewSpec, createdAt: r.created_at }));
}

/** A view by name. */
export async function viewByName(ctx: AppContext, name: string): Promise<AccessView> {
  const r = await ctx.db.kysely.selectFrom("access_views").selectAll().where("name", "=", name).executeTakeFirst();
  if (!r) throw new DomainError("NOT_FOUND", "no such view");
  return { id: r.id, spec: JSON.parse(r.spec) as ViewSpec, createdAt: r.created_at };
}

/** Input of a grant. */
export interface GrantInput {
  contractor: string;
  view: string;
  purpose: string;
  expiresAt: string;
  dailyRowQuota: number;
  allowedHours?: AllowedHours | null;
  autoSuspend?: boolean;
}

/** Grants a contractor a view for one purpose; the purpose must be a catalog purpose (consent is checked per row at pull). */
export async function createGrant(ctx: AppContext, input: GrantInput, createdBy: string | null): Promise<Grant> {
  const c = await contractorByIdOrName(ctx, input.contractor);
  const v = await viewByName(ctx, input.view);
  await consentArea(ctx).consent.purpose(input.purpose); // UNKNOWN_PURPOSE otherwise
  const now = ctx.clock.now();
  if (!Number.isFinite(Date.parse(input.expiresAt)) || Date.parse(input.expiresAt) <= now.getTime())
    throw new DomainError("VALIDATION_FAILED", "expiresAt: a time in the future", { field: "expiresAt" });
  if (!Number.isInteger(input.dailyRowQuota) || input.dailyRowQuota < 1)
    throw new DomainError("VALIDATION_FAILED", "dailyRowQuota: a positive whole number", { field: "dailyRowQuota" });
  const hours = input.allowedHours ? validateHours(input.allowedHours) : null;
  const row: Database["access_grants"] = {
    id: ctx.ids.next(),
    contractor_id: c.id,
    view_id: v.id,
    purpose: input.purpose,
    status: "active",
    expires_at: new Date(input.expiresAt).toISOString(),
    daily_row_quota: input.dailyRowQuota,
    hours_start: hours?.start ?? null,
    hours_end: hours?.end ?? null,
    auto_suspend: input.autoSuspend ? 1 : 0,
    created_by: createdBy,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await ctx.db.kysely.insertInto("access_grants").values(row).execute();
  return toGrant(row, v.spec.name);
}

function toGrant(r: Database["access_grants"], viewName: string): Grant {
  return {
    id: r.id,
    contractorId: r.contractor_id,
    viewId: r.view_id,
    viewName,
    purpose: r.purpose,
    status: r.status as GrantStatus,
    expiresAt: r.expires_at,
    dailyRowQuota: Number(r.daily_row_quota),
    allowedHours: r.hours_start === null || r.hours_end === null ? null : { start: Number(r.hours_start), end: Number(r.hours_end) },
    autoSuspend: r.auto_suspend === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Grants, optionally of one contractor and/or view. */
export async function listGrants(ctx: AppContext, filter: { contractorId?: string; viewId?: string } = {}): Promise<Grant[]> {
  let q = ctx.db.kysely
    .selectFrom("access_grants")
    .innerJoin("access_views", "access_views.id", "access_grants.view_id")
    .selectAll("access_grants")
    .select("access_views.name as view_name");
  if (filter.contractorId) q = q.where("access_grants.contractor_id", "=", filter.contractorId);
  if (filter.viewId) q = q.where("access_grants.view_id", "=", filter.viewId);
  const rows = await q.orderBy("access_grants.created_at").execute();
  return rows.map((r) => toGrant(r, r.view_name));
}

/** One grant. */
export async function getGrant(ctx: AppContext, id: string): Promise<Grant> {
  const g = (await listGrantsById(ctx, id))[0];
  if (!g) throw new DomainError("NOT_FOUND", "no such grant");
  return g;
}

async function listGrantsById(ctx: AppContext, id: string): Promise<Grant[]> {
  const rows = await ctx.db.kysely
    .selectFrom("access_grants")
    .innerJoin("access_views", "access_views.id", "access_grants.view_id")
    .selectAll("access_grants")
    .select("access_views.name as view_name")
    .where("access_grants.id", "=", id)
    .execute();
  return rows.map((r) => toGrant(r, r.view_name));
}

/** Changes a grant's status: revoke (final), suspend, or resume a suspended grant. */
export async function setGrantStatus(ctx: AppContext, id: string, action: "revoke" | "suspend" | "resume"): Promise<Grant> {
  const g = await getGrant(ctx, id);
  if (g.status === "revoked") throw new DomainError("CONFLICT", "the grant is revoked");
  const status: GrantStatus = action === "revoke" ? "revoked" : action === "suspend" ? "suspended" : "active";
  await ctx.db.kysely.updateTable("access_grants").set({ status, updated_at: ctx.clock.now().toISOString() }).where("id", "=", id).execute();
  return { ...g, status };
}
