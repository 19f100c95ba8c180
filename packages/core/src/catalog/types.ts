/**
 * The data map (数据地图 / catalog): which systems and data stores hold which personal information,
 * for which purposes, on which legal basis, shared with whom and kept how long. Entities reference
 * each other by id; the portable document (document.ts) references them by key.
 */
import type { LegalBasisId } from "../taxonomy/legal-bases.js";

export const SYSTEM_KINDS = ["app", "mini_program", "website", "backend", "other"] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export const STORE_KINDS = ["postgres", "mysql", "sqlite", "file"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** How a field identifies its data subject, so a rights request can find the subject's rows. */
export const IDENTITY_ROLES = ["user_id", "phone", "email", "id_number", "device_id", "username"] as const;
export type IdentityRole = (typeof IDENTITY_ROLES)[number];

/** Necessary for the basic function (必要) or optional (非必要); PIPL Art. 16, App 39-types Art. 4. */
export const NECESSITIES = ["necessary", "optional"] as const;
export type Necessity = (typeof NECESSITIES)[number];

/**
 * The consent a purpose needs, weakest first: none (a legal basis other than consent, PIPL Art. 13
 * para. 2), general (同意, Art. 14), separate (单独同意, Art. 23/25/29/39), guardian (监护人同意,
 * Art. 31; PI of a child under 14 is also sensitive, so guardian consent is given separately).
 */
export const CONSENT_KINDS = ["none", "general", "separate", "guardian"] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/**
 * Who receives PI: another processor (第三方, PIPL Art. 23), an entrusted processor acting on the
 * operator's behalf (受托人, Art. 21), or an SDK embedded in the app (第三方SDK). An SDK that
 * collects PI for its own purposes is another processor, so it is treated like a third party.
 */
export const RECIPIENT_KINDS = ["third_party", "entrusted_processor", "sdk"] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** The event a retention period counts from. */
export const RETENTION_TRIGGERS = ["collection", "purpose_fulfilled", "account_closed", "last_activity", "transaction_completed"] as const;
export type RetentionTrigger = (typeof RETENTION_TRIGGERS)[number];

/** What happens when the period ends; PIPL Art. 47: delete, or restrict when a law requires keeping it. */
export const RETENTION_ACTIONS = ["delete", "anonymise", "restrict"] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

/** The personal-information processor (个人信息处理者) the record is about (PIPL Art. 17(1)). */
export interface Organisation {
  nameZh: string;
  nameEn: string;
  contact: string | null;
}

/** An app, mini program, website or back-end system. */
export interface CatalogSystem {
  id: string;
  key: string;
  name: string;
  kind: SystemKind;
  /** One of the 39 app types (apps and mini programs). */
  appType: string | null;
  description: string | null;
}

/** A database or file set holding PI. The connection string is never part of this object. */
export interface DataStore {
  id: string;
  key: string;
  systemId: string;
  name: string;
  kind: StoreKind;
  /** True when an (encrypted) connection string is stored for the connectors. */
  hasConnection: boolean;
  description: string | null;
}

/** One column of one table holding PI. */
export interface CatalogField {
  id: string;
  storeId: string;
  table: string;
  column: string;
  /** A PI type id (taxonomy/pi-types.ts), when known. */
  piType: string | null;
  /** GB/T 35273-2020 Table A.1 category id. */
  category: string;
  /** Sensitive PI (敏感个人信息, PIPL Art. 28; GB/T 35273-2020 Appendix B). */
  sensitive: boolean;
  identityRole: IdentityRole | null;
  description: string | null;
}

/** A processing purpose (处理目的), PIPL Art. 6/17. */
export interface Purpose {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  description: string | null;
  legalBasis: LegalBasisId;
  necessity: Necessity;
  /** The consent the operator collects for it (the required kind is derived, see consent.ts). */
  consentKind: ConsentKind;
  /** Uses automated decision-making, e.g. personalised recommendation (个性化推荐, PIPL Art. 24). */
  automatedDecision: boolean;
  /** Processes PI of children under 14 (不满十四周岁未成年人, PIPL Art. 31). */
  minorsUnder14: boolean;
  fieldIds: string[];
}

/** Someone PI is provided or entrusted to. */
export interface Recipient {
  id: string;
  key: string;
  name: string;
  kind: RecipientKind;
  /** ISO 3166-1 alpha-2; anything but CN is a cross-border transfer (PIPL Art. 38–39). */
  country: string;
  contact: string | null;
  description: string | null;
  purposeIds: string[];
  /** GB/T 35273-2020 category ids of the PI it receives. */
  piCategories: string[];
}

/** How long PI is kept (PIPL Art. 19: the shortest period the purpose needs) and what happens then. */
export interface RetentionRule {
  id: string;
  key: string;
  purposeId: string | null;
  storeId: string | null;
  /** ISO 8601 duration, e.g. P30D, P3Y. */
  period: string;
  trigger: RetentionTrigger;
  action: RetentionAction;
  /** A law that sets the period, e.g. 《电子商务法》第三十一条. */
  legalReference: string | null;
  description: string | null;
}

/** The whole data map. */
export interface Catalog {
  organisation: Organisation | null;
  systems: CatalogSystem[];
  stores: DataStore[];
  fields: CatalogField[];
  purposes: Purpose[];
  recipients: Recipient[];
  retentionRules: RetentionRule[];
}

/** A catalog with nothing in it. */
export function emptyCatalog(): Catalog {
  return { organisation: null, systems: [], stores: [], fields: [], purposes: [], recipients: [], retentionRules: [] };
}
