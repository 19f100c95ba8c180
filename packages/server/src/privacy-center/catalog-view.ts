/**
 * What the privacy-center pages read from the catalog (app keys, purposes, recipients) and from the
 * published policy documents, read in as few queries as a page render allows. The catalog part is
 * cached per catalog version (one cheap version read per render), so every instance sees edits at once.
 */
import type { Recipient } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import type { PurposeView } from "../catalog/rows.js";
import type { AppContext } from "../context.js";

export interface CatalogView {
  version: number;
  apps: Set<string>;
  purposes: PurposeView[];
  recipients: Recipient[];
}

const cache = new WeakMap<AppContext, CatalogView>();

/** The catalog facts the pages need, cached per catalog version. */
export async function catalogView(ctx: AppContext): Promise<CatalogView> {
  const catalog = catalogService(ctx);
  const version = await catalog.repo.version();
  const hit = cache.get(ctx);
  if (hit?.version === version) return hit;
  const [systems, purposes, recipients] = await Promise.all([catalog.listSystems(), catalog.listPurposes(), catalog.listRecipients()]);
  const view = { version, apps: new Set(systems.map((s) => s.key)), purposes, recipients };
  cache.set(ctx, view);
  return view;
}

/** Every published version of an app's policy documents, by kind, oldest first, in one query. */
export async function publishedDocuments(
  ctx: AppContext,
  app: string,
): Promise<Map<string, { title: string; versions: { version: number; effectiveAt: string }[] }>> {
  const rows = await ctx.db.kysely
    .selectFrom("policy_documents as d")
    .innerJoin("policy_versions as v", "v.document_id", "d.id")
    .select(["d.kind", "d.title", "v.version", "v.effective_at"])
    .where("d.app", "=", app)
    .orderBy("d.kind")
    .orderBy("v.version")
    .execute();
  const out = new Map<string, { title: string; versions: { version: number; effectiveAt: string }[] }>();
  for (const r of rows) {
    const d = out.get(r.kind) ?? { title: r.title, versions: [] };
    d.versions.push({ version: r.version, effectiveAt: r.effective_at });
    out.set(r.kind, d);
  }
  return out;
}
