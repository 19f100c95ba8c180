/**
 * A subject's consents as the privacy center shows them: one row per catalog purpose, with its plain
 * description, the subject's current choice and why separate consent (单独同意) is needed; and the
 * one-action grant or withdrawal behind each button (PIPL Art. 15: withdrawing is as easy as consenting).
 */
import { type ConsentEventKind, DomainError, isCrossBorder, isThirdPartyProvision } from "@pipguard/core";
import { consentArea } from "../consent/index.js";
import type { AppContext } from "../context.js";
import { catalogView } from "./catalog-view.js";

export type ConsentGroup = "separate" | "general" | "none";

/** One purpose on the consents page. */
export interface ConsentRow {
  code: string;
  nameZh: string;
  nameEn: string;
  description: string | null;
  group: ConsentGroup;
  /** The subject's current choice, or null when they never chose. */
  state: "grant" | "withdraw" | "refuse" | null;
  at: string | null;
  /** Why separate consent is required (Arts. 23, 29, 39). */
  why: ("sensitive" | "provision" | "crossBorder")[];
  recipients: string[];
  /** Only a guardian may grant it (the subject is under 14, or the purpose concerns children, Art. 31). */
  guardianOnly: boolean;
}

/** The consents page of `subjectId`, seen by `actorId` (the subject, or their guardian). */
export async function consentRows(ctx: AppContext, subjectId: string, actorId: string): Promise<ConsentRow[]> {
  const { consent, subjects } = consentArea(ctx);
  const [{ purposes, recipients }, compiled, subject] = await Promise.all([catalogView(ctx), consent.compiledPurposes(), subjects.get(subjectId)]);
  const rows: ConsentRow[] = [];
  for (const p of purposes) {
    const c = compiled.get(p.code);
    if (!c) continue;
    const mine = recipients.filter((r) => r.purposeIds.includes(p.id));
    const why: ConsentRow["why"] = [];
    if (c.requiredKind === "separate") {
      if (p.sensitive) why.push("sensitive");
      if (mine.some((r) => isThirdPartyProvision(r.kind))) why.push("provision");
      if (mine.some((r) => isCrossBorder(r.country))) why.push("crossBorder");
    }
    const s = c.needsConsent ? await consent.state(subjectId, p.code) : undefined;
    rows.push({
      code: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      description: p.description,
      group: !c.needsConsent ? "none" : c.requiredKind === "separate" ? "separate" : "general",
      state: s ? s.action : null,
      at: s ? s.at : null,
      why,
      recipients: mine.map((r) => r.name),
      // Art. 31: a child's own grant does not count; their guardian grants for them.
      guardianOnly: c.needsConsent && subject.under14 && actorId === subjectId,
    });
  }
  return rows;
}

/** The kind of consent event a button in the privacy center records. */
function kindFor(requiredKind: string, actingForChild: boolean): ConsentEventKind {
  if (actingForChild || requiredKind === "guardian") return "guardian";
  return requiredKind === "separate" ? "separate" : "general";
}

/**
 * Records one grant or withdrawal from the privacy center, against the app's current policy. A grant
 * for a child is recorded as the guardian's consent (Art. 31); the caller has checked the link.
 */
export async function recordChoice(
  ctx: AppContext,
  input: { subjectId: string; actorId: string; app: string; purpose: string; action: "grant" | "withdraw" },
): Promise<void> {
  const { consent, policies } = consentArea(ctx);
  const purpose = await consent.purpose(input.purpose);
  if (!purpose.needsConsent) throw new DomainError("VALIDATION_FAILED", "this purpose does not rest on consent", { field: "purpose" });
  const policy = input.action === "grant" ? await policies.currentFacts(input.app) : null;
  await consent.record({
    subjectId: input.subjectId,
    app: input.app,
    purpose: input.purpose,
    action: input.action,
    kind: kindFor(purpose.requiredKind, input.actorId !== input.subjectId),
    ...(policy ? { policyVersion: policy.version } : {}),
    channel: "privacy_center",
  });
}

/** The children under 14 a subject is the recorded guardian of (PIPL Art. 31), oldest link first. */
export async function childrenOf(ctx: AppContext, guardianId: string): Promise<string[]> {
  const rows = await ctx.db.kysely.selectFrom("subjects").select("id").where("guardian_id", "=", guardianId).orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => r.id);
}

/** Whom the signed-in subject acts for: themself, or a child they are the guardian of; else FORBIDDEN. */
export async function actingFor(
  ctx: AppContext,
  signedIn: string,
  requested: string | undefined,
): Promise<{ subjectId: string; childNo: number | null; children: string[] }> {
  const children = await childrenOf(ctx, signedIn);
  if (!requested || requested === signedIn) return { subjectId: signedIn, childNo: null, children };
  const i = children.indexOf(requested);
  if (i < 0) throw new DomainError("FORBIDDEN", "you are not this subject's guardian");
  return { subjectId: requested, childNo: i + 1, children };
}
