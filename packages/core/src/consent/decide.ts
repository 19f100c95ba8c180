/**
 * "May I process this subject's PI for this purpose?" — the decision function used by the API and
 * in-process. Purpose facts are precomputed once (compilePurpose) and decisions are shared frozen
 * objects, so a call does no allocation.
 */
import { compareConsentKinds, isConsentSufficient } from "../catalog/consent.js";
import type { ConsentKind } from "../catalog/types.js";
import { findLegalBasis } from "../taxonomy/legal-bases.js";
import type { ConsentState } from "./state.js";

/** The built-in purpose of personalised recommendation (个性化推荐); a deny means "serve non-personalised results" (PIPL Art. 24). */
export const PERSONALISED_RECOMMENDATION = "personalised_recommendation";

export const DECISION_REASONS = [
  "legal_basis_not_consent",
  "consent_given",
  "no_consent",
  "missing_separate_consent",
  "withdrawn",
  "guardian_consent_required",
  "reconsent_required",
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

const ARTICLES: Record<DecisionReason, string> = {
  legal_basis_not_consent: "PIPL Art. 13(2)–(7)",
  consent_given: "PIPL Art. 13(1), Art. 14",
  no_consent: "PIPL Art. 13(1), Art. 14",
  missing_separate_consent: "PIPL Art. 23, 29, 39",
  withdrawn: "PIPL Art. 15",
  guardian_consent_required: "PIPL Art. 31",
  reconsent_required: "PIPL Art. 14 para. 2",
};

/** An answer; `nonPersonalised` tells a recommender to serve results not based on personal traits (Art. 24). */
export interface Decision {
  readonly allow: boolean;
  readonly reason: DecisionReason;
  readonly article: string;
  readonly nonPersonalised: boolean;
}

function table(nonPersonalisedOnDeny: boolean): Record<DecisionReason, Decision> {
  const out = {} as Record<DecisionReason, Decision>;
  for (const reason of DECISION_REASONS) {
    const allow = reason === "legal_basis_not_consent" || reason === "consent_given";
    out[reason] = Object.freeze({ allow, reason, article: ARTICLES[reason], nonPersonalised: nonPersonalisedOnDeny && !allow });
  }
  return out;
}
const PLAIN = table(false);
const RECOMMENDER = table(true);

/** A purpose, reduced to what a decision reads. */
export interface CompiledPurpose {
  readonly code: string;
  readonly needsConsent: boolean;
  readonly requiredKind: ConsentKind;
  /** Decisions of this purpose (deny → non-personalised for recommendation purposes). */
  readonly decisions: Record<DecisionReason, Decision>;
  /** Epoch ms since which consent must be fresh because the purpose itself changed (Art. 14 para. 2); NaN when never. */
  readonly changedSinceMs: number;
}

/** What compilePurpose reads from a catalog purpose. */
export interface PurposeInfo {
  code: string;
  legalBasis: string;
  /** The derived requirement (catalog consent.ts). */
  requiredConsentKind: ConsentKind;
  /** The consent the operator chose to collect; when stronger than required, it is enforced too. */
  consentKind?: ConsentKind;
  automatedDecision?: boolean;
  /** ISO time of the last material change of the purpose (method, PI types), if tracked. */
  materialChangeAt?: string | null;
}

/** Precomputes a purpose's decision facts. */
export function compilePurpose(p: PurposeInfo): CompiledPurpose {
  const needsConsent = findLegalBasis(p.legalBasis)?.requiresConsent === true && p.requiredConsentKind !== "none";
  const declared = p.consentKind ?? "none";
  const required = compareConsentKinds(declared, p.requiredConsentKind) > 0 ? declared : p.requiredConsentKind;
  const recommender = p.code === PERSONALISED_RECOMMENDATION || p.automatedDecision === true;
  return Object.freeze({
    code: p.code,
    needsConsent,
    requiredKind: needsConsent ? required : "none",
    decisions: recommender ? RECOMMENDER : PLAIN,
    changedSinceMs: p.materialChangeAt ? Date.parse(p.materialChangeAt) : Number.NaN,
  });
}

/** The built-in personalised-recommendation purpose, used when the catalog does not define the code. */
export const BUILTIN_PERSONALISED_RECOMMENDATION: CompiledPurpose = compilePurpose({
  code: PERSONALISED_RECOMMENDATION,
  legalBasis: "consent",
  requiredConsentKind: "general",
  automatedDecision: true,
});

/** The subject facts a decision needs. */
export interface SubjectFacts {
  /** Under 14 (不满十四周岁, PIPL Art. 31) today. */
  readonly under14: boolean;
}

/** The current policy's facts: consent given under a version older than `materialSince` needs renewing. */
export interface PolicyFacts {
  readonly version: number;
  /** The latest version published with a material change (重大变更). */
  readonly materialSince: number;
}

export interface DecideInput {
  purpose: CompiledPurpose;
  state: ConsentState | undefined;
  subject?: SubjectFacts | undefined;
  policy?: PolicyFacts | undefined;
}

/** Decides whether processing for `purpose` is allowed now, with the reason and its article. */
export function decide(input: DecideInput): Decision {
  const { purpose, state } = input;
  const d = purpose.decisions;
  if (!purpose.needsConsent) return d.legal_basis_not_consent;
  const under14 = input.subject?.under14 === true;
  if (state === undefined) return under14 ? d.guardian_consent_required : d.no_consent;
  if (state.action === "withdraw") return d.withdrawn;
  if (state.action === "refuse") return d.no_consent;
  // Art. 31: a child's consent does not count; only a guardian's does.
  if (under14 && state.kind !== "guardian") return d.guardian_consent_required;
  if (!isConsentSufficient(state.kind, purpose.requiredKind)) {
    return purpose.requiredKind === "guardian" ? d.guardian_consent_required : d.missing_separate_consent;
  }
  // Art. 14 para. 2: a material change of the rules or of the purpose needs fresh consent.
  if (input.policy !== undefined && state.policyVersion < input.policy.materialSince) return d.reconsent_required;
  if (purpose.changedSinceMs > 0 && Date.parse(state.at) < purpose.changedSinceMs) return d.reconsent_required;
  return d.consent_given;
}
