/**
 * The record of processing activities (个人信息处理活动记录): one entry per purpose with its PI,
 * legal basis, stores, recipients, cross-border transfers, retention and consent. PIPL Art. 55 asks
 * processors to record processing that needs an impact assessment, Art. 56 to keep the records
 * three years, Art. 54 to audit compliance regularly; GB/T 35273-2020 11.3 lists what the record holds.
 */
import { findLegalBasis } from "../taxonomy/legal-bases.js";
import { findPiCategory, PI_CATEGORIES_SOURCE } from "../taxonomy/pi-categories.js";
import { type ConsentReason, consentFactsFor, deriveConsentRequirement, isConsentSufficient, isCrossBorder, isThirdPartyProvision } from "./consent.js";
import { formatFieldRef } from "./keys.js";
import type { Catalog, ConsentKind, IdentityRole, Necessity, Organisation, RecipientKind, RetentionAction, RetentionTrigger, StoreKind } from "./types.js";
import { type CatalogIssue, validateCatalog } from "./validate.js";

export interface Citation {
  article: string;
  zh: string;
  en: string;
}

export interface RopaActivity {
  purpose: { code: string; nameZh: string; nameEn: string; description: string | null };
  legalBasis: { id: string; zh: string; en: string; article: string };
  necessity: Necessity;
  consentKind: ConsentKind;
  requiredConsentKind: ConsentKind;
  consentSufficient: boolean;
  consentReasons: ConsentReason[];
  sensitive: boolean;
  automatedDecision: boolean;
  minorsUnder14: boolean;
  piCategories: { id: string; zh: string; en: string; sensitive: boolean; verified: boolean }[];
  fields: { ref: string; table: string; column: string; piType: string | null; category: string; sensitive: boolean; identityRole: IdentityRole | null }[];
  stores: { key: string; name: string; kind: StoreKind; systemKey: string; systemName: string }[];
  recipients: {
    key: string;
    name: string;
    kind: RecipientKind;
    country: string;
    crossBorder: boolean;
    thirdPartyProvision: boolean;
    contact: string | null;
    piCategories: string[];
  }[];
  crossBorder: boolean;
  retention: {
    key: string;
    period: string;
    trigger: RetentionTrigger;
    action: RetentionAction;
    legalReference: string | null;
    description: string | null;
    storeKey: string | null;
  }[];
  /** PIPL Art. 55: a personal-information protection impact assessment (个人信息保护影响评估) is due beforehand. */
  impactAssessment: { required: boolean; reasons: Citation[] };
}

export interface RecordOfProcessing {
  title: { zh: string; en: string };
  generatedAt: string;
  organisation: Organisation | null;
  /** The rules this record answers to. */
  basis: Citation[];
  summary: { purposes: number; fields: number; sensitiveFields: number; stores: number; recipients: number; crossBorderRecipients: number };
  activities: RopaActivity[];
  issues: CatalogIssue[];
  /** The taxonomy the categories come from, and which of the used categories await verification. */
  taxonomy: { source: string; verification: string; unverifiedCategoryIds: string[] };
}

export const ROPA_BASIS: readonly Citation[] = [
  { article: "PIPL Art. 55", zh: "事前进行个人信息保护影响评估，并对处理情况进行记录", en: "Assess impact beforehand and record the processing" },
  { article: "PIPL Art. 56", zh: "影响评估报告和处理情况记录应当至少保存三年", en: "Keep impact assessments and processing records at least three years" },
  { article: "PIPL Art. 54", zh: "定期对处理个人信息遵守法律、行政法规的情况进行合规审计", en: "Audit compliance of PI processing regularly" },
  { article: "GB/T 35273-2020 11.3", zh: "个人信息处理活动记录", en: "Records of personal information processing activities" },
];

const PIA_REASONS = {
  sensitive: { article: "PIPL Art. 55(1)", zh: "处理敏感个人信息", en: "Processes sensitive PI" },
  automated: { article: "PIPL Art. 55(2)", zh: "利用个人信息进行自动化决策", en: "Uses PI for automated decision-making" },
  recipients: { article: "PIPL Art. 55(3)", zh: "委托处理个人信息、向其他个人信息处理者提供个人信息", en: "Entrusts PI or provides it to other processors" },
  crossBorder: { article: "PIPL Art. 55(4)", zh: "向境外提供个人信息", en: "Provides PI outside the mainland" },
} as const;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the record of processing activities from a catalog; `generatedAt` comes from the caller's clock. */
export function buildRecordOfProcessing(catalog: Catalog, opts: { generatedAt: string }): RecordOfProcessing {
  const systems = new Map(catalog.systems.map((s) => [s.id, s]));
  const stores = new Map(catalog.stores.map((s) => [s.id, s]));
  const fields = new Map(catalog.fields.map((f) => [f.id, f]));
  const usedCategories = new Set<string>();

  const activities = [...catalog.purposes]
    .sort((a, b) => byText(a.code, b.code))
    .map((p): RopaActivity => {
      const myFields = p.fieldIds.flatMap((id) => fields.get(id) ?? []);
      const myStoreIds = [...new Set(myFields.map((f) => f.storeId))];
      const myRecipients = catalog.recipients.filter((r) => r.purposeIds.includes(p.id));
      const required = deriveConsentRequirement(consentFactsFor(p, catalog));
      const basis = findLegalBasis(p.legalBasis);
      const sensitive = myFields.some((f) => f.sensitive) || p.minorsUnder14; // PIPL Art. 28: PI of a child under 14 is sensitive
      const crossBorder = myRecipients.some((r) => isCrossBorder(r.country));
      const categoryIds = [...new Set(myFields.map((f) => f.category))].sort(byText);
      for (const c of categoryIds) usedCategories.add(c);
      const storeKey = (id: string) => stores.get(id)?.key ?? "?";
      const pia = [
        ...(sensitive ? [PIA_REASONS.sensitive] : []),
        ...(p.automatedDecision ? [PIA_REASONS.automated] : []),
        ...(myRecipients.length > 0 ? [PIA_REASONS.recipients] : []),
        ...(crossBorder ? [PIA_REASONS.crossBorder] : []),
      ];
      return {
        purpose: { code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, description: p.description },
        legalBasis: basis ? { id: basis.id, zh: basis.zh, en: basis.en, article: basis.article } : { id: p.legalBasis, zh: "未知", en: "unknown", article: "" },
        necessity: p.necessity,
        consentKind: p.consentKind,
        requiredConsentKind: required.kind,
        consentSufficient: isConsentSufficient(p.consentKind, required.kind),
        consentReasons: required.reasons,
        sensitive,
        automatedDecision: p.automatedDecision,
        minorsUnder14: p.minorsUnder14,
        piCategories: categoryIds.map((id) => {
          const c = findPiCategory(id);
          return { id, zh: c?.zh ?? id, en: c?.en ?? id, sensitive: myFields.some((f) => f.category === id && f.sensitive), verified: c?.verified ?? false };
        }),
        fields: myFields
          .map((f) => ({
            ref: formatFieldRef(storeKey(f.storeId), f.table, f.column),
            table: f.table,
            column: f.column,
            piType: f.piType,
            category: f.category,
            sensitive: f.sensitive,
            identityRole: f.identityRole,
          }))
          .sort((a, b) => byText(a.ref, b.ref)),
        stores: myStoreIds
          .flatMap((id) => stores.get(id) ?? [])
          .map((s) => ({
            key: s.key,
            name: s.name,
            kind: s.kind,
            systemKey: systems.get(s.systemId)?.key ?? "?",
            systemName: systems.get(s.systemId)?.name ?? "?",
          }))
          .sort((a, b) => byText(a.key, b.key)),
        recipients: myRecipients
          .map((r) => ({
            key: r.key,
            name: r.name,
            kind: r.kind,
            country: r.country,
            crossBorder: isCrossBorder(r.country),
            thirdPartyProvision: isThirdPartyProvision(r.kind),
            contact: r.contact,
            piCategories: [...r.piCategories],
          }))
          .sort((a, b) => byText(a.key, b.key)),
        crossBorder,
        retention: catalog.retentionRules
          .filter((r) => r.purposeId === p.id || (r.purposeId === null && r.storeId !== null && myStoreIds.includes(r.storeId)))
          .map((r) => ({
            key: r.key,
            period: r.period,
            trigger: r.trigger,
            action: r.action,
            legalReference: r.legalReference,
            description: r.description,
            storeKey: r.storeId === null ? null : storeKey(r.storeId),
          }))
          .sort((a, b) => byText(a.key, b.key)),
        impactAssessment: { required: pia.length > 0, reasons: pia },
      };
    });

  return {
    title: { zh: "个人信息处理活动记录", en: "Record of personal information processing activities" },
    generatedAt: opts.generatedAt,
    organisation: catalog.organisation,
    basis: [...ROPA_BASIS],
    summary: {
      purposes: catalog.purposes.length,
      fields: catalog.fields.length,
      sensitiveFields: catalog.fields.filter((f) => f.sensitive).length,
      stores: catalog.stores.length,
      recipients: catalog.recipients.length,
      crossBorderRecipients: catalog.recipients.filter((r) => isCrossBorder(r.country)).length,
    },
    activities,
    issues: validateCatalog(catalog),
    taxonomy: {
      source: PI_CATEGORIES_SOURCE.source,
      verification: PI_CATEGORIES_SOURCE.verification,
      unverifiedCategoryIds: [...usedCategories].filter((id) => findPiCategory(id)?.verified === false).sort(byText),
    },
  };
}
