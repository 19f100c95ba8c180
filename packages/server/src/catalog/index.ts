/** The catalog area: the service, its whole-catalog use cases and the record-of-processing renderers. */
import type { AppContext } from "../context.js";
import { importCatalog } from "./catalog-io.js";
import { CatalogService } from "./catalog-service.js";
import { DEMO_CATALOG_YAML } from "./demo-catalog.js";

export {
  type CatalogFormat,
  checkCatalog,
  exportCatalog,
  type ImportRequest,
  type ImportResult,
  importCatalog,
  recordOfProcessing,
  renderDocument,
} from "./catalog-io.js";
export { CatalogService, CONNECTION_PLACE } from "./catalog-service.js";
export { DEMO_CATALOG_YAML } from "./demo-catalog.js";
export type { FieldInput, OrganisationInput, PurposeInput, RecipientInput, RetentionRuleInput, StoreInput, SystemInput } from "./inputs.js";
export { renderRopaCsv } from "./ropa-csv.js";
export { escapeHtml, renderRopaHtml } from "./ropa-html.js";
export type { PurposeView } from "./rows.js";

const services = new WeakMap<AppContext, CatalogService>();

/** The catalog service of a context (built once per context; it holds no state of its own). */
export function catalogService(ctx: AppContext): CatalogService {
  let svc = services.get(ctx);
  if (!svc) {
    svc = new CatalogService({ db: ctx.db, clock: ctx.clock, ids: ctx.ids, keyring: ctx.keyring, changes: ctx.changes });
    services.set(ctx, svc);
  }
  return svc;
}

/** Loads the demo organisation's catalog when the catalog is empty; true when it did. */
export async function seedDemoCatalog(ctx: AppContext): Promise<boolean> {
  const svc = catalogService(ctx);
  if (!(await svc.repo.isEmpty())) return false;
  await importCatalog(svc, { format: "yaml", content: DEMO_CATALOG_YAML });
  return true;
}
