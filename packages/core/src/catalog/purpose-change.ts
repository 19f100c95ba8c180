/**
 * Which edits of a purpose need fresh consent. PIPL Art. 14 para. 2: 个人信息的处理目的、处理方式和
 * 处理的个人信息种类发生变更的，应当重新取得个人同意 — a change of the purpose, of the processing
 * method or of the kinds of PI processed needs the individual's consent again. GB/T 35273-2020 7.3
 * (use of PI beyond the original purpose needs fresh authorisation) says the same for the catalog's
 * terms. Cosmetic edits (names, necessity wording) and narrowing edits (fewer fields) do not.
 */
import type { Purpose } from "./types.js";

export const MATERIAL_PURPOSE_CHANGES = ["purpose_statement", "pi_added", "automated_decision", "children", "provision_added", "processing_method"] as const;
/** purpose_statement: the described purpose changed; pi_added: a PI field was added; automated_decision:
 * the processing method now includes automated decision-making (Art. 24); children: it now processes
 * PI of children under 14 (Art. 31); provision_added: a new third party or overseas recipient (Art. 23, 39);
 * processing_method: declared by the operator — the processing method (处理方式) changed in a way
 * the catalog's terms do not show (say, a new profiling technique or storage abroad planned). */
export type MaterialPurposeChange = (typeof MATERIAL_PURPOSE_CHANGES)[number];

type Compared = Pick<Purpose, "description" | "fieldIds" | "automatedDecision" | "minorsUnder14">;

const squash = (s: string | null): string => (s ?? "").replace(/\s+/g, " ").trim();

/** The material changes from `before` to `after` (empty when consent given under `before` still holds). */
export function materialPurposeChanges(before: Compared, after: Compared): MaterialPurposeChange[] {
  const out: MaterialPurposeChange[] = [];
  if (squash(before.description) !== squash(after.description)) out.push("purpose_statement");
  const had = new Set(before.fieldIds);
  if (after.fieldIds.some((f) => !had.has(f))) out.push("pi_added");
  if (!before.automatedDecision && after.automatedDecision) out.push("automated_decision");
  if (!before.minorsUnder14 && after.minorsUnder14) out.push("children");
  return out;
}
