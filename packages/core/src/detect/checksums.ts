/**
 * Check-digit algorithms of the identifiers pipguard detects. Inputs are normalised: ASCII digits,
 * upper-case letters, no separators.
 */
import { ID_PROVINCE_CODES } from "./data/codes.js";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** GB 11643-1999 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** True when y-m-d is a real calendar date (Gregorian). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/**
 * Region part of a resident ID (GB/T 2260 address code): a province-level code that exists (81/82/83
 * are the residence permits for Hong Kong, Macao and Taiwan residents) and a non-zero county part.
 */
export function isResidentIdRegion(six: string): boolean {
  if (!ID_PROVINCE_CODES.has(six.slice(0, 2))) return false;
  if (six.startsWith("8")) return six.slice(2) === "0000";
  const city = Number(six.slice(2, 4));
  return (city >= 1 && city <= 70) || city === 90;
}

/** Result of checking an ID: shape/date/region hold (`plausible`) and the check character (`checksum`). */
export interface IdCheck {
  readonly plausible: boolean;
  readonly checksum: boolean;
}

/** Checks an 18-digit (second generation) or 15-digit (first generation, no check digit) resident ID. */
export function checkResidentId(id: string, maxYear = 2100): IdCheck {
  if (id.length === 18) {
    const y = Number(id.slice(6, 10));
    const plausible = isResidentIdRegion(id.slice(0, 6)) && y >= 1900 && y <= maxYear && isRealDate(y, Number(id.slice(10, 12)), Number(id.slice(12, 14)));
    return { plausible, checksum: plausible && residentIdCheckChar(id) === id[17] };
  }
  if (id.length === 15) {
    // First generation: yymmdd, born in the 1900s; no check digit, so the date and region carry it.
    const plausible = isResidentIdRegion(id.slice(0, 6)) && isRealDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
    return { plausible, checksum: plausible };
  }
  return { plausible: false, checksum: false };
}

/** Luhn (ISO/IEC 7812-1) check over a digit string; used for payment cards and IMEIs. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 check character (mod 31) of an 18-character unified social credit code. */
export function isValidUscc(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(code[i]!);
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === code[17];
}

/** USCC check character for 17 characters (for generators and tests). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Hong Kong identity card (one or two letters, six digits, check digit or A = 10), mod 11. */
export function isValidHkId(letters: string, digits: string, check: string): boolean {
  const chars = letters.length === 1 ? ` ${letters}` : letters;
  let sum = 0;
  for (let i = 0; i < 2; i++) {
    const c = chars[i]!;
    sum += (c === " " ? 36 : c.charCodeAt(0) - 55) * (9 - i);
  }
  for (let i = 0; i < 6; i++) sum += (digits.charCodeAt(i) - 48) * (7 - i);
  const rem = (11 - (sum % 11)) % 11;
  return (rem === 10 ? "A" : String(rem)) === check;
}

// Taiwan: the letter maps to a two-digit number (A=10 … with the historical order of I, O, W, Z …).
const TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

/** Taiwan national identification number: letter, 1/2 (or 8/9 for residents), 8 digits; weighted mod 10. */
export function isValidTwId(id: string): boolean {
  if (id.length !== 10) return false;
  const n = TW_LETTERS.indexOf(id[0]!) + 10;
  if (n < 10) return false;
  const weights = [8, 7, 6, 5, 4, 3, 2, 1];
  let sum = Math.floor(n / 10) + (n % 10) * 9;
  for (let i = 1; i < 9; i++) sum += (id.charCodeAt(i) - 48) * weights[i - 1]!;
  sum += id.charCodeAt(9) - 48;
  return sum % 10 === 0;
}

/** IPv4 dotted quad with every octet 0–255 and no leading zeros. */
export function isValidIpv4(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === "0")) return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

/** IPv6 in full or `::`-compressed form (hex groups of 1–4). */
export function isValidIpv6(s: string): boolean {
  const dbl = s.indexOf("::");
  if (dbl !== s.lastIndexOf("::")) return false;
  const groups = s.split(":").filter((g, i, a) => !(g === "" && (dbl >= 0 || i === 0 || i === a.length - 1)));
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return dbl >= 0 ? groups.length < 8 && s.length > 2 : groups.length === 8;
}
