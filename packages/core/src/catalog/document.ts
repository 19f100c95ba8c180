/**
 * The portable catalog document (YAML or JSON) used by `pipguard catalog import|export` and the
 * import/export API. Entities reference each other by key (systems, stores, recipients, retention
 * rules), by code (purposes) and by `storeKey:table.column` (fields), so a document moves between
 * installations. A connection string may be imported but is never exported.
 */
import { isLegalBasisId, type LegalBasisId } from "../taxonomy/legal-bases.js";
import { consentFactsFor, deriveConsentRequirement } from "./consent.js";
import { defaultSensitive } from "./defaults.js";
import { formatFieldRef, parseFieldRef } from "./keys.js";
import type {
  Catalog,
  ConsentKind,
  IdentityRole,
  Necessity,
  Organisation,
  RecipientKind,
  RetentionAction,
  RetentionTrigger,
  StoreKind,
  SystemKind,
} from "./types.js";
import type { CatalogIssue } from "./validate.js";

export const CATALOG_DOCUMENT_VERSION = 1;

export interface SystemDoc {
  key: string;
  name: string;
  kind: SystemKind;
  appType?: string | null;
  description?: string | null;
}
export interface StoreDoc {
  key: string;
  system: string;
  name: string;
  kind: StoreKind;
  description?: string | null;
  /** Import only; stored encrypted, never exported. */
  connection?: string | null;
}
export interface FieldDoc {
  store: string;
  table: string;
  column: string;
  category: string;
  piType?: string | null;
  /** Defaults to what GB/T 35273-2020 Appendix B says of the category or PI type. */
  sensitive?: boolean;
  identityRole?: IdentityRole | null;
  description?: string | null;
}
export interface PurposeDoc {
  code: string;
  nameZh: string;
  nameEn: string;
  description?: string | null;
  legalBasis: string;
  necessity: Necessity;
  /** Defaults to the derived requirement (consent.ts). */
  consentKind?: ConsentKind;
  automatedDecision?: boolean;
  minorsUnder14?: boolean;
  /** `storeKey:table.column` */
  fields: string[];
}
export interface RecipientDoc {
  key: string;
  name: string;
  kind: RecipientKind;
  country: string;
  contact?: string | null;
  description?: string | null;
  /** purpose codes */
  purposes: string[];
  piCategories: string[];
}
export interface RetentionRuleDoc {
  key: string;
  purpose?: string | null;
  store?: string | null;
  period: string;
  trigger: RetentionTrigger;
  action: RetentionAction;
  legalReference?: string | null;
  description?: string | null;
}
export interface CatalogDocument {
  version: number;
  organisation?: Organisation | null;
  systems: SystemDoc[];
  stores: StoreDoc[];
  fields: FieldDoc[];
  purposes: PurposeDoc[];
  recipients: RecipientDoc[];
  retentionRules: RetentionRuleDoc[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Drops null and undefined properties so exported YAML stays short. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/** The catalog as a document, sorted by key so the same catalog always exports the same text. */
export function catalogToDocument(catalog: Catalog): CatalogDocument {
  const systemKey = new Map(catalog.systems.map((s) => [s.id, s.key]));
  const storeKey = new Map(catalog.stores.map((s) => [s.id, s.key]));
  const purposeCode = new Map(catalog.purposes.map((p) => [p.id, p.code]));
  const fieldRef = new Map(catalog.fields.map((f) => [f.id, formatFieldRef(storeKey.get(f.storeId) ?? "?", f.table, f.column)]));
  const fields = catalog.fields
    .map((f) => ({ f, ref: fieldRef.get(f.id) ?? "" }))
    .sort((a, b) => byText(a.ref, b.ref))
    .map(({ f }) =>
      compact<FieldDoc>({
        store: storeKey.get(f.storeId) ?? "?",
        table: f.table,
        column: f.column,
        category: f.category,
        piType: f.piType,
        sensitive: f.sensitive,
        identityRole: f.identityRole,
        description: f.description,
      }),
    );
  return {
    version: CATALOG_DOCUMENT_VERSION,
    ...(catalog.organisation ? { organisation: compact({ ...catalog.organisation }) } : {}),
    systems: [...catalog.systems]
      .sort((a, b) => byText(a.key, b.key))
      .map((s) => compact<SystemDoc>({ key: s.key, name: s.name, kind: s.kind, appType: s.appType, description: s.description })),
    stores: [...catalog.stores]
      .sort((a, b) => byText(a.key, b.key))
      .map((s) => compact<StoreDoc>({ key: s.key, system: systemKey.get(s.systemId) ?? "?", name: s.name, kind: s.kind, description: s.description })),
    fields,
    purposes: [...catalog.purposes]
      .sort((a, b) => byText(a.code, b.code))
      .map((p) =>
        compact<PurposeDoc>({
          code: p.code,
          nameZh: p.nameZh,
          nameEn: p.nameEn,
          description: p.description,
          legalBasis: p.legalBasis,
          necessity: p.necessity,
          consentKind: p.consentKind,
          automatedDecision: p.automatedDecision,
          minorsUnder14: p.minorsUnder14,
          fields: p.fieldIds.map((id) => fieldRef.get(id) ?? "?").sort(byText),
        }),
      ),
    recipients: [...catalog.recipients]
      .sort((a, b) => byText(a.key, b.key))
      .map((r) =>
        compact<RecipientDoc>({
          key: r.key,
          name: r.name,
          kind: r.kind,
          country: r.country,
          contact: r.contact,
          description: r.description,
          purposes: r.purposeIds.map((id) => purposeCode.get(id) ?? "?").sort(byText),
          piCategories: [...r.piCategories],
        }),
      ),
    retentionRules: [...catalog.retentionRules]
      .sort((a, b) => byText(a.key, b.key))
      .map((r) =>
        compact<RetentionRuleDoc>({
          key: r.key,
          purpose: r.purposeId === null ? null : (purposeCode.get(r.purposeId) ?? "?"),
          store: r.storeId === null ? null : (storeKey.get(r.storeId) ?? "?"),
          period: r.period,
          trigger: r.trigger,
          action: r.action,
          legalReference: r.legalReference,
          description: r.description,
        }),
      ),
  };
}

/** What an import would do: the merged catalog, the ids it touches, and unresolved references. */
export interface ImportPlan {
  /** Document entities first, in document order, then existing entities the document does not name. */
  catalog: Catalog;
  /** Ids of entities the document names, per list; `created` holds the new ones. */
  touched: Record<ImportList, string[]>;
  created: Record<ImportList, string[]>;
  /** Connection strings to store, by store id (plaintext: encrypt before writing). */
  connections: Map<string, string>;
  /** UNKNOWN_REFERENCE errors with document paths. */
  issues: CatalogIssue[];
  organisationChanged: boolean;
}
export type ImportList = "systems" | "stores" | "fields" | "purposes" | "recipients" | "retentionRules";

/**
 * Merges a document into the existing catalog: entities match by key / code / store+table+column
 * and are updated in place; the rest are new. A purpose's field list and a recipient's purpose list
 * are replaced by the document's. Nothing the document does not name is removed.
 */
export function planImport(doc: CatalogDocument, existing: Catalog, newId: () => string): ImportPlan {
  const issues: CatalogIssue[] = [];
  const unknown = (path: string, message: string) => issues.push({ severity: "error", code: "UNKNOWN_REFERENCE", path, message });
  const touched: ImportPlan["touched"] = { systems: [], stores: [], fields: [], purposes: [], recipients: [], retentionRules: [] };
  const created: ImportPlan["created"] = { systems: [], stores: [], fields: [], purposes: [], recipients: [], retentionRules: [] };
  const idFor = (list: ImportList, found: string | undefined) => {
    const id = found ?? newId();
    touched[list].push(id);
    if (!found) created[list].push(id);
    return id;
  };
  const rest = <T extends { id: string }>(items: T[], list: ImportList) => {
    const named = new Set(touched[list]);
    return items.filter((x) => !named.has(x.id));
  };

  const oldSystem = new Map(existing.systems.map((s) => [s.key, s.id]));
  const systems = doc.systems.map((s) => ({
    id: idFor("systems", oldSystem.get(s.key)),
    key: s.key,
    name: s.name,
    kind: s.kind,
    appType: s.appType ?? null,
    description: s.description ?? null,
  }));
  const allSystems = [...systems, ...rest(existing.systems, "systems")];
  const systemByKey = new Map(allSystems.map((s) => [s.key, s.id]));

  const oldStore = new Map(existing.stores.map((s) => [s.key, s]));
  const connections = new Map<string, string>();
  const stores = doc.stores.map((s, i) => {
    const old = oldStore.get(s.key);
    const id = idFor("stores", old?.id);
    const systemId = systemByKey.get(s.system);
    if (!systemId) unknown(`stores[${i}].system`, "no such system key");
    if (s.connection) connections.set(id, s.connection);
    return {
      id,
      key: s.key,
      systemId: systemId ?? "",
      name: s.name,
      kind: s.kind,
      hasConnection: Boolean(s.connection) || Boolean(old?.hasConnection),
      description: s.description ?? null,
    };
  });
  const allStores = [...stores, ...rest(existing.stores, "stores")];
  const storeByKey = new Map(allStores.map((s) => [s.key, s.id]));

  const fieldKey = (storeId: string, table: string, column: string) => `${storeId}\u0000${table}\u0000${column}`;
  const oldField = new Map(existing.fields.map((f) => [fieldKey(f.storeId, f.table, f.column), f.id]));
  const fields = doc.fields.map((f, i) => {
    const storeId = storeByKey.get(f.store);
    if (!storeId) unknown(`fields[${i}].store`, "no such store key");
    return {
      id: idFor("fields", storeId ? oldField.get(fieldKey(storeId, f.table, f.column)) : undefined),
      storeId: storeId ?? "",
      table: f.table,
      column: f.column,
      piType: f.piType ?? null,
      category: f.category,
      sensitive: f.sensitive ?? defaultSensitive(f.category, f.piType),
      identityRole: f.identityRole ?? null,
      description: f.description ?? null,
    };
  });
  const allFields = [...fields, ...rest(existing.fields, "fields")];
  const storeKeyById = new Map(allStores.map((s) => [s.id, s.key]));
  const fieldByRef = new Map(allFields.map((f) => [formatFieldRef(storeKeyById.get(f.storeId) ?? "", f.table, f.column), f.id]));

  const oldPurpose = new Map(existing.purposes.map((p) => [p.code, p.id]));
  const purposes = doc.purposes.map((p, i) => ({
    id: idFor("purposes", oldPurpose.get(p.code)),
    code: p.code,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    description: p.description ?? null,
    legalBasis: p.legalBasis as LegalBasisId,
    necessity: p.necessity,
    consentKind: p.consentKind ?? ("none" as ConsentKind),
    automatedDecision: p.automatedDecision ?? false,
    minorsUnder14: p.minorsUnder14 ?? false,
    fieldIds: p.fields.flatMap((ref, j) => {
      const id = parseFieldRef(ref) ? fieldByRef.get(ref) : undefined;
      if (!id) unknown(`purposes[${i}].fields[${j}]`, "no such field (write storeKey:table.column)");
      return id ? [id] : [];
    }),
  }));
  const allPurposes = [...purposes, ...rest(existing.purposes, "purposes")];
  const purposeByCode = new Map(allPurposes.map((p) => [p.code, p.id]));

  const oldRecipient = new Map(existing.recipients.map((r) => [r.key, r.id]));
  const recipients = doc.recipients.map((r, i) => ({
    id: idFor("recipients", oldRecipient.get(r.key)),
    key: r.key,
    name: r.name,
    kind: r.kind,
    country: r.country,
    contact: r.contact ?? null,
    description: r.description ?? null,
    purposeIds: r.purposes.flatMap((code, j) => {
      const id = purposeByCode.get(code);
      if (!id) unknown(`recipients[${i}].purposes[${j}]`, "no such purpose code");
      return id ? [id] : [];
    }),
    piCategories: [...r.piCategories],
  }));
  const allRecipients = [...recipients, ...rest(existing.recipients, "recipients")];

  const oldRule = new Map(existing.retentionRules.map((r) => [r.key, r.id]));
  const rules = doc.retentionRules.map((r, i) => {
    const purposeId = r.purpose ? purposeByCode.get(r.purpose) : null;
    const storeId = r.store ? storeByKey.get(r.store) : null;
    if (purposeId === undefined) unknown(`retentionRules[${i}].purpose`, "no such purpose code");
    if (storeId === undefined) unknown(`retentionRules[${i}].store`, "no such store key");
    return {
      id: idFor("retentionRules", oldRule.get(r.key)),
      key: r.key,
      purposeId: purposeId ?? null,
      storeId: storeId ?? null,
      period: r.period,
      trigger: r.trigger,
      action: r.action,
      legalReference: r.legalReference ?? null,
      description: r.description ?? null,
    };
  });

  const catalog: Catalog = {
    organisation: doc.organisation === undefined ? existing.organisation : doc.organisation,
    systems: allSystems,
    stores: allStores,
    fields: allFields,
    purposes: allPurposes,
    recipients: allRecipients,
    retentionRules: [...rules, ...rest(existing.retentionRules, "retentionRules")],
  };
  // A purpose without a declared consent kind collects what its facts require (PIPL Art. 13/23/29/31/39).
  doc.purposes.forEach((p, i) => {
    const purpose = purposes[i];
    if (purpose && p.consentKind === undefined && isLegalBasisId(purpose.legalBasis)) {
      purpose.consentKind = deriveConsentRequirement(consentFactsFor(purpose, catalog)).kind;
    }
  });
  return { catalog, touched, created, connections, issues, organisationChanged: doc.organisation !== undefined };
}
