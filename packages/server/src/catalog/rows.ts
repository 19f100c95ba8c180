/** Explicit row → domain mappers of the catalog tables (text enums are trusted: only the service writes them). */
import {
  type CatalogField,
  type CatalogSystem,
  type ConsentKind,
  type DataStore,
  deriveConsentRequirement,
  type IdentityRole,
  isCrossBorder,
  isThirdPartyProvision,
  type LegalBasisId,
  type MaterialPurposeChange,
  type Necessity,
  type Purpose,
  type Recipient,
  type RecipientKind,
  type RetentionAction,
  type RetentionRule,
  type RetentionTrigger,
  type StoreKind,
  type SystemKind,
} from "@pipguard/core";
import type { Selectable } from "kysely";
import type { Database } from "../storage/schema.js";
import { readJson } from "./sql.js";

type Row<T extends keyof Database> = Selectable<Database[T]>;

/** A purpose as it is saved: what the caller sets, without what links and history imply. */
export type PurposeRecord = Omit<
  PurposeView,
  "recipientIds" | "requiredConsentKind" | "sensitive" | "crossBorder" | "materialChangeAt" | "materialChangeReasons"
>;

/** A purpose with what its links imply, as the list and get use cases return it. */
export interface PurposeView extends Purpose {
  recipientIds: string[];
  /** Derived by core's deriveConsentRequirement from the purpose's fields and recipients. */
  requiredConsentKind: ConsentKind;
  sensitive: boolean;
  crossBorder: boolean;
  /** When the purpose last changed materially (consent given before it must be renewed, PIPL Art. 14 para. 2). */
  materialChangeAt: string | null;
  materialChangeReasons: MaterialPurposeChange[];
}

export function toSystem(r: Row<"systems">): CatalogSystem {
  return { id: r.id, key: r.key, name: r.name, kind: r.kind as SystemKind, appType: r.app_type, description: r.description };
}

export function toStore(r: Omit<Row<"data_stores">, "connection_ciphertext"> & { has_connection: number | boolean }): DataStore {
  return {
    id: r.id,
    key: r.key,
    systemId: r.system_id,
    name: r.name,
    kind: r.kind as StoreKind,
    hasConnection: Boolean(Number(r.has_connection)),
    description: r.description,
  };
}

export function toField(r: Row<"catalog_fields">): CatalogField {
  return {
    id: r.id,
    storeId: r.store_id,
    table: r.table_name,
    column: r.column_name,
    piType: r.pi_type,
    category: r.category,
    sensitive: Boolean(r.sensitive),
    identityRole: r.identity_role as IdentityRole | null,
    description: r.description,
  };
}

/** A purpose row plus its aggregated links: fields as [id, sensitive], recipients as [id, kind, country]. */
export function toPurposeView(r: Row<"purposes"> & { fields_json: unknown; recipients_json: unknown }): PurposeView {
  const fields = readJson<[string, number][]>(r.fields_json).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const recipients = readJson<[string, RecipientKind, string][]>(r.recipients_json).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const purpose: Purpose = {
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    description: r.description,
    legalBasis: r.legal_basis as LegalBasisId,
    necessity: r.necessity as Necessity,
    consentKind: r.consent_kind as ConsentKind,
    automatedDecision: Boolean(r.automated_decision),
    minorsUnder14: Boolean(r.minors_under_14),
    fieldIds: fields.map((f) => f[0]),
  };
  const sensitive = fields.some((f) => Boolean(Number(f[1])));
  const crossBorder = recipients.some((x) => isCrossBorder(x[2]));
  const required = deriveConsentRequirement({
    legalBasis: purpose.legalBasis,
    sensitive,
    minorsUnder14: purpose.minorsUnder14,
    thirdPartyProvision: recipients.some((x) => isThirdPartyProvision(x[1])),
    crossBorder,
  });
  return {
    ...purpose,
    recipientIds: recipients.map((x) => x[0]),
    requiredConsentKind: required.kind,
    sensitive,
    crossBorder,
    materialChangeAt: r.material_change_at ?? null,
    materialChangeReasons: r.material_change_reasons ? readJson<MaterialPurposeChange[]>(r.material_change_reasons) : [],
  };
}

export function toRecipient(r: Row<"recipients"> & { purpose_ids: unknown }): Recipient {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    kind: r.kind as RecipientKind,
    country: r.country,
    contact: r.contact,
    description: r.description,
    purposeIds: readJson<string[]>(r.purpose_ids).sort(),
    piCategories: readJson<string[]>(r.pi_categories),
  };
}

export function toRetentionRule(r: Row<"retention_rules">): RetentionRule {
  return {
    id: r.id,
    key: r.key,
    purposeId: r.purpose_id,
    storeId: r.store_id,
    period: r.period,
    trigger: r.starts_on as RetentionTrigger,
    action: r.action as RetentionAction,
    legalReference: r.legal_reference,
    description: r.description,
  };
}
