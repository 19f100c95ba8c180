/**
 * Code tables for the structured detectors. Sources: GB/T 2260 province-level codes; MIIT number
 * plan (号码段) for mobile segments; the 2022 long-distance area-code plan; ISO/IEC 7812 issuer
 * prefixes; GA 36-2018 licence-plate province abbreviations.
 */

/** Province-level codes that open a resident ID (GB/T 2260); 81/82/83: HK/Macao/Taiwan residence permits (港澳台居民居住证). */
export const ID_PROVINCE_CODES: ReadonlySet<string> = new Set(
  "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 81 82 83".split(" "),
);

/** Mainland mobile segments (first three digits) of China Mobile, Unicom, Telecom, Broadnet and MVNOs. */
export const MOBILE_SEGMENTS: ReadonlySet<string> = new Set(
  (
    "130 131 132 133 134 135 136 137 138 139 145 146 147 148 149 150 151 152 153 155 156 157 158 159 " +
    "162 165 166 167 170 171 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 " +
    "190 191 192 193 195 196 197 198 199"
  ).split(" "),
);

/**
 * True when `code` (with its leading 0) is a mainland area code: 010 and 020–029 are the three-digit
 * ones; four-digit codes start 03–09 (the numbering plan's regions 3–9).
 */
export function isAreaCode(code: string): boolean {
  if (code.length === 3) return code === "010" || (code[1] === "2" && code[0] === "0");
  if (code.length === 4) return code[0] === "0" && code[1]! >= "3" && code[1]! <= "9";
  return false;
}

/** Payment-card issuer prefixes: UnionPay 62/60/9558, Visa 4, Mastercard 51–55 and 2221–2720, JCB 3528–3589. */
export function isCardIssuer(d: string): boolean {
  const c0 = d[0];
  if (c0 === "4") return true;
  const two = Number(d.slice(0, 2));
  if (two === 62 || two === 60 || (two >= 51 && two <= 55)) return true;
  const four = Number(d.slice(0, 4));
  if (four >= 2221 && four <= 2720) return true;
  if (four >= 3528 && four <= 3589) return true;
  return four === 9558 || four === 9559;
}

/** Real issuer identification numbers of large Chinese banks (for generators and tests). */
export const SAMPLE_BINS: readonly string[] = ["622202", "621700", "622848", "621661", "622588", "622700", "436742", "622262", "621483", "625965"];

/** Licence-plate province abbreviations (GA 36-2018). */
export const PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
