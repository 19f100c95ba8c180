/**
 * What the browser consent widget shows and records. The notice is the app's purposes that need
 * consent, in plain words (zh-CN and en), with the current privacy-policy version; its hash per
 * locale is what a choice must quote, so the ledger records the notice the person actually saw.
 * Choices become ledger events on channel "widget" and prompt records (GB/T 41391-2022 6.4.4 c).
 */
import { type ConsentKind, DomainError, deriveConsentRequirement, isThirdPartyProvision } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { canonicalJson, consentArea, nodeHasher } from "../consent/index.js";
import type { AppContext } from "../context.js";

export const WIDGET_LOCALES = ["zh-CN", "en"] as const;
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];
export const WIDGET_CHANNEL = "widget";

export interface WidgetPurpose {
  code: string;
  nameZh: string;
  nameEn: string;
  description: string | null;
  /** general, separate (单独同意: Arts. 23, 29, 39) or guardian (Art. 31). */
  kind: Exclude<ConsentKind, "none">;
  sensitive: boolean;
  thirdParty: boolean;
  crossBorder: boolean;
  /** Why this purpose needs separate or guardian consent, with the article. */
  reasons: { zh: string; en: string; article: string }[];
}

export interface WidgetConfig {
  app: string;
  organisation: { nameZh: string; nameEn: string } | null;
  policy: { version: number; hash: string; url: string; childrenUrl: string | null } | null;
  purposes: WidgetPurpose[];
  /** SHA-256 of the notice as shown in each locale; a choice quotes the one it was shown. */
  noticeHash: Record<WidgetLocale, string>;
}

/**
 * The notice of an app (NOT_FOUND for an app the catalog lacks). Policy URLs are absolute (on
 * PIPGUARD_PUBLIC_URL, else `origin`): the widget shows them on the operator's site, another origin.
 */
export async function widgetConfig(ctx: AppContext, app: string, origin = ""): Promise<WidgetConfig> {
  const cat = catalogService(ctx);
  if (!(await cat.listSystems()).some((s) => s.key === app)) throw new DomainError("NOT_FOUND", "no app with this key");
  const { consent, policies } = consentArea(ctx);
  const recipients = new Map((await cat.listRecipients()).map((r) => [r.id, r]));
  const purposes: WidgetPurpose[] = [];
  for (const p of await cat.listPurposes()) {
    const compiled = await consent.purpose(p.code);
    if (!compiled.needsConsent || compiled.requiredKind === "none") continue;
    const thirdParty = p.recipientIds.some((id) => {
      const r = recipients.get(id);
      return r ? isThirdPartyProvision(r.kind) : false;
    });
    const req = deriveConsentRequirement({
      legalBasis: p.legalBasis,
      sensitive: p.sensitive,
      minorsUnder14: p.minorsUnder14,
      thirdPartyProvision: thirdParty,
      crossBorder: p.crossBorder,
    });
    purposes.push({
      code: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      description: p.description,
      kind: compiled.requiredKind,
      sensitive: p.sensitive,
      thirdParty,
      crossBorder: p.crossBorder,
      reasons: req.reasons.filter((r) => r.kind === "separate" || r.kind === "guardian").map((r) => ({ zh: r.zh, en: r.en, article: r.article })),
    });
  }
  const facts = await policies.currentFacts(app);
  const base = `${(ctx.config.publicUrl ?? origin).replace(/\/$/, "")}/p/${encodeURIComponent(app)}`;
  const children = await policies.find(app, "children_rules");
  const policy = facts
    ? { version: facts.version, hash: facts.hash, url: `${base}/privacy/${facts.version}`, childrenUrl: children?.currentVersion ? `${base}/children` : null }
    : null;
  const org = await cat.getOrganisation();
  const notice = (locale: WidgetLocale) =>
    nodeHasher.sha256Hex(
      canonicalJson({
        app,
        locale,
        policy: policy ? { version: policy.version, hash: policy.hash } : null,
        purposes: purposes.map((p) => ({
          code: p.code,
          name: locale === "en" ? p.nameEn : p.nameZh,
          description: p.description,
          kind: p.kind,
          reasons: p.reasons.map((r) => (locale === "en" ? r.en : r.zh)),
        })),
      }),
    );
  return {
    app,
    organisation: org ? { nameZh: org.nameZh, nameEn: org.nameEn } : null,
    policy,
    purposes,
    noticeHash: { "zh-CN": notice("zh-CN"), en: notice("en") },
  };
}

export interface WidgetPurposeState {
  purpose: string;
  state: "grant" | "refuse" | "withdraw" | null;
  kind: string | null;
  allow: boolean;
  reason: string;
  /** Serve results not based on personal traits (PIPL Art. 24), for recommendation purposes. */
  nonPersonalised: boolean;
  /** The prompt governor: may the widget ask now (no within 48 h after a refusal). */
  ask: boolean;
  askReason: string;
  retryAfter: string | null;
}

export interface WidgetState {
  /** From the subject's record: a child under 14, so only a guardian's consent counts (Art. 31). */
  under14: boolean;
  /** The record holds a birth date or age band (otherwise the widget may ask). */
  ageKnown: boolean;
  purposes: WidgetPurposeState[];
}

/** A subject's consents and the governor's answer for each purpose the app shows. */
export async function widgetState(ctx: AppContext, subjectId: string, config: WidgetConfig): Promise<WidgetState> {
  const { consent, prompts, subjects } = consentArea(ctx);
  const subject = await subjects.get(subjectId);
  const purposes: WidgetPurposeState[] = [];
  for (const p of config.purposes) {
    const s = await consent.state(subjectId, p.code);
    const d = await consent.decideFor(subjectId, p.code, config.app);
    const a = await prompts.shouldAsk({ subjectId, purpose: p.code });
    purposes.push({
      purpose: p.code,
      state: s?.action ?? null,
      kind: s?.kind ?? null,
      allow: d.allow,
      reason: d.reason,
      nonPersonalised: d.nonPersonalised,
      ask: a.ask,
      askReason: a.reason,
      retryAfter: a.retryAfter,
    });
  }
  return { under14: subject.under14, ageKnown: subject.under14 || subject.ageBand !== null || subject.hasBirthDate, purposes };
}

export interface WidgetChoicesInput {
  subjectId: string;
  locale: WidgetLocale;
  policyVersion: number;
  noticeHash: string;
  /** The person said they are under 14, so a guardian chose (recorded as kind "guardian"). */
  guardian: boolean;
  choices: { purpose: string; choice: "agree" | "refuse" | "dismiss" }[];
}

/**
 * Records the choices made in the widget. Agree → grant; refuse → refuse, or withdraw when consent is
 * in force (PIPL Art. 15: withdrawing is as easy as consenting); dismiss (Esc, close) records no
 * consent, only the prompt. Every choice is also a prompt record for frequency audits.
 */
export async function recordWidgetChoices(ctx: AppContext, config: WidgetConfig, input: WidgetChoicesInput): Promise<void> {
  const { consent, prompts, subjects } = consentArea(ctx);
  const subject = await subjects.get(input.subjectId);
  const shown = new Map(config.purposes.map((p) => [p.code, p]));
  for (const c of input.choices) {
    if (!shown.has(c.purpose)) throw new DomainError("UNKNOWN_PURPOSE", "the widget does not show a purpose with this code", { field: "purpose" });
  }
  // The notice must be the one the person saw: same policy version and the same purposes and words.
  // (A dismissal records only the prompt, so a notice changed meanwhile does not block closing.)
  const decided = input.choices.some((c) => c.choice !== "dismiss");
  if (!config.policy) throw new DomainError("POLICY_VERSION_NOT_CURRENT", "the app has no published privacy policy to consent against");
  if (decided && (input.policyVersion !== config.policy.version || input.noticeHash !== config.noticeHash[input.locale])) {
    throw new DomainError("POLICY_VERSION_NOT_CURRENT", "the notice changed since it was shown; show the current one again");
  }
  const guardian = input.guardian || subject.under14;
  // Art. 31: a child's own consent does not count, and a guardian must be on record to give it.
  if (subject.under14 && !subject.guardianId && input.choices.some((c) => c.choice === "agree")) {
    throw new DomainError("GUARDIAN_CONSENT_REQUIRED", "this child's account has no guardian on record; the operator must link one first (PIPL Art. 31)");
  }
  for (const c of input.choices) {
    const p = shown.get(c.purpose)!;
    if (c.choice !== "dismiss") {
      const state = await consent.state(input.subjectId, c.purpose);
      const action = c.choice === "agree" ? "grant" : state?.action === "grant" ? "withdraw" : "refuse";
      const kind = guardian || p.kind === "guardian" ? "guardian" : p.kind;
      await consent.record({
        subjectId: input.subjectId,
        app: config.app,
        purpose: c.purpose,
        action,
        kind,
        policyVersion: config.policy.version,
        noticeHash: input.noticeHash,
        channel: WIDGET_CHANNEL,
      });
    }
    const outcome = c.choice === "agree" ? "granted" : c.choice === "refuse" ? "refused" : "dismissed";
    await prompts.record({ subjectId: input.subjectId, app: config.app, purpose: c.purpose, outcome });
  }
}
