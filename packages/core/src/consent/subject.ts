/** Subject facts for consent: age under 14 (不满十四周岁, PIPL Art. 28/31). */

/** Age bands a subject may be recorded with when the birth date is not collected. */
export const AGE_BANDS = ["under_14", "14_to_17", "adult"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** True when a subject born on `birthDate` (YYYY-MM-DD), or in `ageBand`, is under 14 on `today` (YYYY-MM-DD). */
export function isUnder14(opts: { birthDate?: string | null; ageBand?: string | null; today: string }): boolean {
  return dayNumber(opts.today) < under14Until(opts.birthDate ?? null, opts.ageBand ?? null);
}

/**
 * The day (as YYYYMMDD, see dayNumber) before which a subject is under 14 (PIPL Art. 31): the
 * fourteenth birthday; Infinity for the under_14 age band when no birth date is known (a birth date
 * wins over a band); 0 when nothing says the subject is a child, or the birth date cannot be read.
 * A number, so a contractor pull can keep one per subject and compare it per row.
 */
export function under14Until(birthDate: string | null, ageBand: string | null): number {
  if (birthDate) {
    const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
    const k = (y + 14) * 10_000 + m * 100 + d;
    return Number.isNaN(k) ? 0 : k;
  }
  return ageBand === "under_14" ? Number.POSITIVE_INFINITY : 0;
}

/** A YYYY-MM-DD day as the number YYYYMMDD (ordered as the days are). */
export function dayNumber(day: string): number {
  return Number(day.replaceAll("-", ""));
}
