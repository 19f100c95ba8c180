/** Subject facts for consent: age under 14 (不满十四周岁, PIPL Art. 28/31). */

/** Age bands a subject may be recorded with when the birth date is not collected. */
export const AGE_BANDS = ["under_14", "14_to_17", "adult"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** True when a subject born on `birthDate` (YYYY-MM-DD), or in `ageBand`, is under 14 on `today` (YYYY-MM-DD). */
export function isUnder14(opts: { birthDate?: string | null; ageBand?: string | null; today: string }): boolean {
  if (opts.birthDate) {
    const [y, m, d] = opts.birthDate.split("-").map(Number) as [number, number, number];
    const fourteenth = `${String(y + 14).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    return opts.today < fourteenth;
  }
  return opts.ageBand === "under_14";
}
