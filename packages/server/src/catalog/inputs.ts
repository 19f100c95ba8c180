/** What the catalog's use cases accept; the HTTP schemas and the CLI produce these. */
import type { IdentityRole, PurposeDoc, RecipientKind, RetentionAction, RetentionTrigger, StoreKind, SystemKind } from "@pipguard/core";

export interface OrganisationInput {
  nameZh: string;
  nameEn: string;
  contact?: string | null;
}

export interface SystemInput {
  key: string;
  name: string;
  kind: SystemKind;
  appType?: string | null;
  description?: string | null;
}

export interface StoreInput {
  key: string;
  systemId: string;
  name: string;
  kind: StoreKind;
  description?: string | null;
  /** Write-only: stored encrypted, never returned. null clears it on update. */
  connection?: string | null;
}

export interface FieldInput {
  storeId: string;
  table: string;
  column: string;
  category: string;
  piType?: string | null;
  /** Defaults to what GB/T 35273-2020 Appendix B says of the category or PI type. */
  sensitive?: boolean;
  identityRole?: IdentityRole | null;
  description?: string | null;
}

/** A purpose as in a catalog document, but naming its fields by id instead of `store:table.column`. */
export interface PurposeInput extends Omit<PurposeDoc, "fields"> {
  fieldIds?: string[];
}

export interface RecipientInput {
  key: string;
  name: string;
  kind: RecipientKind;
  /** ISO 3166-1 alpha-2, default CN. */
  country?: string;
  contact?: string | null;
  description?: string | null;
  purposeIds?: string[];
  piCategories?: string[];
}

export interface RetentionRuleInput {
  key: string;
  purposeId?: string | null;
  storeId?: string | null;
  period: string;
  trigger: RetentionTrigger;
  action: RetentionAction;
  legalReference?: string | null;
  description?: string | null;
}

/** Properties given as undefined keep the stored value. */
export function merge<T extends object>(current: T, patch: NoInfer<Partial<T>>): T {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
