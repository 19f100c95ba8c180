/**
 * Whole-catalog use cases: import a YAML/JSON document (all or nothing, in one transaction),
 * export it, validate the stored catalog, and build the record of processing activities.
 */
import {
  buildRecordOfProcessing,
  type CatalogDocument,
  type CatalogIssue,
  catalogToDocument,
  DomainError,
  type DomainErrorCode,
  type ImportList,
  type ImportPlan,
  planImport,
  type RecordOfProcessing,
  validateCatalog,
} from "@pipguard/core";
import { stringify as toYaml } from "yaml";
import type { CatalogRepo } from "./catalog-repo.js";
import { type CatalogService, CONNECTION_PLACE } from "./catalog-service.js";
import { parseCatalogDocument } from "./document-schema.js";

export type CatalogFormat = "yaml" | "json";

export interface ImportRequest {
  format: CatalogFormat;
  content: string;
  /** Check and count, write nothing. */
  dryRun?: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  created: Record<ImportList, number>;
  updated: Record<ImportList, number>;
  warnings: CatalogIssue[];
}

const LISTS: ImportList[] = ["systems", "stores", "fields", "purposes", "recipients", "retentionRules"];

/** Imports a catalog document: every error is reported with its path and nothing is written unless all is valid. */
export async function importCatalog(svc: CatalogService, req: ImportRequest): Promise<ImportResult> {
  const doc = parseCatalogDocument(req.format, req.content);
  return svc.tx(async (repo, now) => {
    const plan = planImport(doc, await svc.loadCatalog(repo), () => svc.deps.ids.next());
    const issues = dedupe([...plan.issues, ...validateCatalog(plan.catalog)]);
    const errors = issues.filter((i) => i.severity === "error");
    if (errors.length > 0) throw importError(errors);
    const result: ImportResult = {
      dryRun: Boolean(req.dryRun),
      created: count((list) => plan.created[list].length),
      updated: count((list) => plan.touched[list].length - plan.created[list].length),
      warnings: issues.filter((i) => i.severity === "warning"),
    };
    if (!req.dryRun) await apply(svc, repo, plan, now);
    return result;
  });
}

async function apply(svc: CatalogService, repo: CatalogRepo, plan: ImportPlan, now: string): Promise<void> {
  const c = plan.catalog;
  const named = (list: ImportList) => {
    const ids = new Set(plan.touched[list]);
    return (x: { id: string }) => ids.has(x.id);
  };
  if (plan.organisationChanged && c.organisation) await repo.putOrganisation(c.organisation, now);
  for (const s of c.systems.filter(named("systems"))) await repo.saveSystem(s, now);
  for (const s of c.stores.filter(named("stores"))) {
    const connection = plan.connections.get(s.id);
    await repo.saveStore(s, now, connection === undefined ? undefined : svc.deps.keyring.encrypt(connection, CONNECTION_PLACE));
  }
  for (const f of c.fields.filter(named("fields"))) await repo.saveField(f, now);
  for (const p of c.purposes.filter(named("purposes"))) await repo.savePurpose(p, now);
  for (const r of c.recipients.filter(named("recipients"))) await repo.saveRecipient(r, now);
  for (const r of c.retentionRules.filter(named("retentionRules"))) await repo.saveRetentionRule(r, now);
}

function count(n: (list: ImportList) => number): Record<ImportList, number> {
  return Object.fromEntries(LISTS.map((l) => [l, n(l)])) as Record<ImportList, number>;
}

function dedupe(issues: CatalogIssue[]): CatalogIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.code}\u0000${i.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One error for the whole document: its code when all errors share one, else INVALID_CATALOG; each issue keeps its path. */
function importError(errors: CatalogIssue[]): DomainError {
  const codes = new Set(errors.map((e) => e.code));
  const code = (codes.size === 1 ? [...codes][0] : "INVALID_CATALOG") as DomainErrorCode;
  const first = errors[0];
  return new DomainError(code, `the catalog has ${errors.length} error(s); first: ${first?.path}: ${first?.message}`, {
    issues: errors.map((e) => ({ path: e.path, code: e.code, message: e.message })),
  });
}

/** The stored catalog as a portable document (never with connection strings). */
export async function exportCatalog(svc: CatalogService): Promise<CatalogDocument> {
  return catalogToDocument(await svc.loadCatalog());
}

/** The document as YAML or pretty JSON text. */
export function renderDocument(doc: CatalogDocument, format: CatalogFormat): string {
  if (format === "json") return `${JSON.stringify(doc, null, 2)}\n`;
  return toYaml(doc, { lineWidth: 0 });
}

/** Every error and warning of the stored catalog. */
export async function checkCatalog(svc: CatalogService): Promise<CatalogIssue[]> {
  return validateCatalog(await svc.loadCatalog());
}

/** The record of processing activities (个人信息处理活动记录) as of now. */
export async function recordOfProcessing(svc: CatalogService): Promise<RecordOfProcessing> {
  return buildRecordOfProcessing(await svc.loadCatalog(), { generatedAt: svc.deps.clock.now().toISOString() });
}
