/**
 * Which consent a purpose needs, derived from what it processes and who receives it. Pure rules over
 * the catalog: PIPL Art. 13, 14, 23, 29, 31, 39.
 */
import { findLegalBasis } from "../taxonomy/legal-bases.js";
import { type Catalog, CONSENT_KINDS, type ConsentKind, type Purpose, type RecipientKind } from "./types.js";

/** The facts about a purpose that decide its consent requirement. */
export interface ConsentFacts {
  legalBasis: string;
  /** It processes sensitive PI (敏感个人信息, Art. 28). */
  sensitive: boolean;
  /** It processes PI of children under 14 (Art. 31). */
  minorsUnder14: boolean;
  /** PI goes to another processor (third party or SDK, Art. 23). */
  thirdPartyProvision: boolean;
  /** PI goes to a recipient outside the mainland (Art. 38–39). */
  crossBorder: boolean;
}

export type ConsentRule = "consent_basis" | "not_consent_basis" | "sensitive_pi" | "third_party_provision" | "cross_border" | "minor_under_14";

/** One reason a consent kind is needed, with the article that says so. */
export interface ConsentReason {
  rule: ConsentRule;
  kind: ConsentKind;
  article: string;
  zh: string;
  en: string;
}

export interface ConsentRequirement {
  kind: ConsentKind;
  reasons: ConsentReason[];
}

const REASONS: Record<ConsentRule, Omit<ConsentReason, "rule">> = {
  not_consent_basis: {
    kind: "none",
    article: "PIPL Art. 13 para. 2",
    zh: "依据第十三条第一款第（二）至（七）项处理，不需取得个人同意",
    en: "Processed on a basis of Art. 13(2)–(7): no consent needed",
  },
  consent_basis: { kind: "general", article: "PIPL Art. 13(1), Art. 14", zh: "基于个人同意处理", en: "Processed on the individual's consent" },
  sensitive_pi: { kind: "separate", article: "PIPL Art. 29", zh: "处理敏感个人信息应当取得单独同意", en: "Sensitive PI needs separate consent" },
  third_party_provision: {
    kind: "separate",
    article: "PIPL Art. 23",
    zh: "向其他个人信息处理者提供个人信息应当取得单独同意",
    en: "Providing PI to another processor needs separate consent",
  },
  cross_border: {
    kind: "separate",
    article: "PIPL Art. 39",
    zh: "向境外提供个人信息应当取得单独同意",
    en: "Providing PI outside the mainland needs separate consent",
  },
  minor_under_14: {
    kind: "guardian",
    article: "PIPL Art. 31",
    zh: "处理不满十四周岁未成年人个人信息应当取得其父母或者其他监护人的同意",
    en: "PI of a child under 14 needs a parent's or guardian's consent",
  },
};

function reason(rule: ConsentRule): ConsentReason {
  return { rule, ...REASONS[rule] };
}

/** Orders consent kinds: negative when `a` is weaker than `b`. */
export function compareConsentKinds(a: ConsentKind, b: ConsentKind): number {
  return CONSENT_KINDS.indexOf(a) - CONSENT_KINDS.indexOf(b);
}

/** True when collecting `declared` consent satisfies a `required` kind. */
export function isConsentSufficient(declared: ConsentKind, required: ConsentKind): boolean {
  return compareConsentKinds(declared, required) >= 0;
}

/** True when a recipient in `country` means a cross-border transfer (出境). HK, MO and TW count: they are outside the mainland's PIPL data-export perimeter. */
export function isCrossBorder(country: string): boolean {
  return country.trim().toUpperCase() !== "CN";
}

/** True when giving PI to this kind of recipient is provision to another processor (Art. 23), not entrustment (Art. 21). */
export function isThirdPartyProvision(kind: RecipientKind): boolean {
  return kind !== "entrusted_processor";
}

/** Derives the consent a purpose needs; every step names its article. */
export function deriveConsentRequirement(facts: ConsentFacts): ConsentRequirement {
  if (!findLegalBasis(facts.legalBasis)?.requiresConsent) return { kind: "none", reasons: [reason("not_consent_basis")] };
  const reasons = [reason("consent_basis")];
  if (facts.sensitive) reasons.push(reason("sensitive_pi"));
  if (facts.thirdPartyProvision) reasons.push(reason("third_party_provision"));
  if (facts.crossBorder) reasons.push(reason("cross_border"));
  if (facts.minorsUnder14) reasons.push(reason("minor_under_14"));
  const kind = reasons.reduce<ConsentKind>((k, r) => (compareConsentKinds(r.kind, k) > 0 ? r.kind : k), "none");
  return { kind, reasons };
}

/** Gathers a purpose's consent facts from the catalog (its fields and the recipients linked to it). */
export function consentFactsFor(purpose: Purpose, catalog: Pick<Catalog, "fields" | "recipients">): ConsentFacts {
  const fieldIds = new Set(purpose.fieldIds);
  const recipients = catalog.recipients.filter((r) => r.purposeIds.includes(purpose.id));
  return {
    legalBasis: purpose.legalBasis,
    sensitive: catalog.fields.some((f) => fieldIds.has(f.id) && f.sensitive),
    minorsUnder14: purpose.minorsUnder14,
    thirdPartyProvision: recipients.some((r) => isThirdPartyProvision(r.kind)),
    crossBorder: recipients.some((r) => isCrossBorder(r.country)),
  };
}
