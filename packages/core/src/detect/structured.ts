/**
 * Shape and checksum rules of the structured types, applied to one normalised candidate (ASCII
 * digits and upper-case letters, separators removed). Returns a base score before context; `needs`
 * names the keyword kind that must or may raise it.
 */
import { checkResidentId, isRealDate, isValidHkId, isValidTwId, isValidUscc, luhn } from "./checksums.js";
import { isAreaCode, isCardIssuer, MOBILE_SEGMENTS } from "./data/codes.js";
import type { DetectorType } from "./types.js";

/** A candidate's type and base score; the scanner adds context. */
export interface Verdict {
  readonly type: DetectorType;
  readonly score: number;
}

/** Candidate facts the rules need besides the characters. */
export interface Shape {
  /** Number of groups (separated by space, '-' or '/'). */
  readonly groups: number;
  /** Length of the first group. */
  readonly firstLen: number;
  /** Length of the last group. */
  readonly lastLen: number;
}

const DIGITS = /^[0-9]+$/;

function isDigits(s: string): boolean {
  return DIGITS.test(s);
}

/** Rules for digit strings (with an optional trailing X for resident IDs). */
export function classifyDigits(s: string, shape: Shape): Verdict | null {
  const n = s.length;
  if (n === 18 && isDigits(s.slice(0, 17)) && (s[17] === "X" || (s[17]! >= "0" && s[17]! <= "9"))) {
    const id = checkResidentId(s);
    if (id.plausible) return { type: "cn_resident_id", score: id.checksum ? 0.99 : 0.45 };
    if (s[17] === "X") return null;
  }
  if (!isDigits(s)) return null;
  if (n === 11 && s[0] === "1") return MOBILE_SEGMENTS.has(s.slice(0, 3)) && shape.groups <= 3 ? { type: "cn_mobile", score: 0.9 } : null;
  if (n === 13 && s.startsWith("86") && MOBILE_SEGMENTS.has(s.slice(2, 5)) && shape.firstLen <= 13) return { type: "cn_mobile", score: 0.9 };
  if (n === 15 && s.startsWith("0086") && MOBILE_SEGMENTS.has(s.slice(4, 7))) return { type: "cn_mobile", score: 0.9 };
  if (n === 15) {
    const id = checkResidentId(s);
    if (id.plausible && shape.groups === 1) return { type: "cn_resident_id", score: 0.6 };
    if (luhn(s) && shape.groups === 1) return { type: "imei", score: 0.3 };
  }
  if (n === 18 && isValidUscc(s)) return { type: "cn_uscc", score: 0.6 };
  if (n >= 16 && n <= 19) {
    const issuer = isCardIssuer(s);
    const ok = luhn(s);
    if (issuer && ok) return { type: "bank_card", score: 0.9 };
    if (ok || issuer) return { type: "bank_card", score: ok ? 0.35 : 0.3 };
    return null;
  }
  if (s[0] === "0" && shape.groups >= 2 && (shape.firstLen === 3 || shape.firstLen === 4) && isAreaCode(s.slice(0, shape.firstLen))) {
    const ext = shape.groups >= 3 && shape.lastLen <= 5 ? shape.lastLen : 0;
    const local = n - shape.firstLen - ext;
    if ((local === 7 || local === 8) && s[shape.firstLen] !== "0" && s[shape.firstLen] !== "1") return { type: "cn_landline", score: 0.75 };
  }
  if (s[0] === "0" && shape.groups === 1 && (n === 11 || n === 12)) {
    const a = n === 11 ? 3 : 4;
    if (isAreaCode(s.slice(0, a)) && s[a] !== "0" && s[a] !== "1") return { type: "cn_landline", score: 0.3 };
  }
  if (
    n === 8 &&
    shape.groups === 1 &&
    (s.startsWith("19") || s.startsWith("20")) &&
    isRealDate(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6)))
  ) {
    return { type: "birth_date", score: 0.2 };
  }
  if (n >= 5 && n <= 11 && shape.groups === 1 && s[0] !== "0") return { type: "qq_number", score: 0.1 };
  return null;
}

const PASSPORT = /^(E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[GDSP][0-9]{7,8})$/;
const PERMIT = /^(C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}|[HM][0-9]{8}([0-9]{2})?|T[0-9]{8}|L[0-9]{8})$/;
const HK = /^([A-Z]{1,2})([0-9]{6})([0-9A])$/;
const TW = /^[A-Z][1289][0-9]{8}$/;
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const WECHAT = /^[A-Za-z][-_A-Za-z0-9]{5,19}$/;

/** Rules for strings holding letters (upper-cased in `u`, original case in `raw`). */
export function classifyAlnum(u: string, raw: string): Verdict | null {
  const n = u.length;
  if (n >= 8 && n <= 11) {
    if (PASSPORT.test(u)) return { type: "cn_passport", score: 0.4 };
    if (PERMIT.test(u)) return { type: "cn_travel_permit", score: 0.3 };
    if (n === 10 && TW.test(u) && isValidTwId(u)) return { type: "tw_id", score: 0.85 };
    if (n <= 9 && isHkId(u)) return { type: "hk_id", score: 0.6 };
  }
  if (n === 18 && USCC.test(u) && isValidUscc(u)) return { type: "cn_uscc", score: 0.85 };
  if (WECHAT.test(raw) && /[0-9_-]/.test(raw) && /[A-Za-z]/.test(raw)) return { type: "wechat_id", score: 0.1 };
  return null;
}

/** Hong Kong identity card number with a valid mod-11 check character. */
export function isHkId(u: string): boolean {
  const hk = HK.exec(u);
  return hk !== null && isValidHkId(hk[1]!, hk[2]!, hk[3]!);
}

const PLATE_LETTER = /^[A-HJ-NP-Z]$/;
const PLATE_REST5 = /^[A-HJ-NP-Z0-9]{5}$/;
const PLATE_NEV = /^([DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$/;

/** Licence plate after a province abbreviation: letter + 5 (ordinary) or 6 (new-energy, GA 36-2018) characters. */
export function classifyPlate(u: string): Verdict | null {
  if (!PLATE_LETTER.test(u[0] ?? "")) return null;
  const rest = u.slice(1);
  if (rest.length === 5 && PLATE_REST5.test(rest) && /[0-9]/.test(rest)) return { type: "cn_license_plate", score: 0.8 };
  if (rest.length === 6 && PLATE_NEV.test(rest)) return { type: "cn_license_plate", score: 0.85 };
  return null;
}

/** Date written as y-m-d groups; a birth date only next to a birth keyword. */
export function isDateGroups(y: string, m: string, d: string): boolean {
  if (y.length !== 4 || m.length > 2 || d.length > 2 || !(y.startsWith("19") || y.startsWith("20"))) return false;
  return isRealDate(Number(y), Number(m), Number(d));
}
