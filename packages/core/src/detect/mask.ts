/**
 * De-identification operators that need no key (去标识化, PIPL Art. 73(3)): mask with per-type
 * presets, replace with a type tag, redact, generalise. Keyed operators (HMAC, AES-GCM, the token
 * vault) live in the server, which holds the keys.
 */
import { COMPOUND_SURNAMES } from "./data/surnames.js";
import type { DetectorType, PiFinding } from "./types.js";
import { decodeUtf8 } from "./utf8.js";

/** Operators that core applies by itself. */
export type PlainOperator = "mask" | "replace" | "redact" | "generalize";

const REDACTED = "[REDACTED]";

function isDigitChar(ch: string): boolean {
  return (ch >= "0" && ch <= "9") || (ch >= "０" && ch <= "９");
}

/** Masks the digits/letters of `value` except the first `head` and last `tail`; separators stay. */
export function maskMiddle(value: string, head: number, tail: number, counts: (ch: string) => boolean = isAlnumChar): string {
  const chars = [...value];
  const total = chars.filter(counts).length;
  if (total <= head + tail) return chars.map((c) => (counts(c) ? "*" : c)).join("");
  let seen = 0;
  return chars
    .map((c) => {
      if (!counts(c)) return c;
      seen++;
      return seen <= head || seen > total - tail ? c : "*";
    })
    .join("");
}

function isAlnumChar(ch: string): boolean {
  return isDigitChar(ch) || /[A-Za-zＡ-Ｚａ-ｚ]/.test(ch);
}

function surnameLength(name: string): number {
  return COMPOUND_SURNAMES.some((c) => name.startsWith(c)) ? 2 : 1;
}

/** The mask preset of a type: 138****5678, 110101********1233, 6222 **** **** ***0123, 张*. */
export function maskPiValue(type: DetectorType, value: string): string {
  switch (type) {
    case "cn_mobile": {
      const digits = [...value].filter(isDigitChar).length;
      return maskMiddle(value, Math.max(3, digits - 8), 4, isDigitChar);
    }
    case "cn_resident_id":
      return maskMiddle(value, 6, 4);
    case "bank_card":
      return maskMiddle(value, 4, 4, isDigitChar);
    case "cn_landline":
      return maskMiddle(value, 4, 2, isDigitChar);
    case "person_name": {
      const chars = [...value];
      const keep = surnameLength(value);
      return chars.map((c, i) => (i < keep || c === "·" ? c : "*")).join("");
    }
    case "email": {
      const at = value.indexOf("@");
      return at <= 0 ? "***" : `${value[0]}***${value.slice(at)}`;
    }
    case "cn_address":
      return `${generalizeAddress(value)}****`;
    case "birth_date":
      return value.replace(/[0-9０-９]/g, (d, i: number) => (i < 4 ? d : "*"));
    case "ipv4":
      return value.replace(/\.\d+\.\d+$/, ".*.*");
    case "cn_license_plate":
      return maskMiddle(value, 2, 1);
    default:
      return maskMiddle(value, 2, 2);
  }
}

/** Generalised value: date of birth → year, address → down to the city, others → the type tag. */
export function generalizeValue(type: DetectorType, value: string): string {
  if (type === "birth_date") return (/[12][0-9]{3}/.exec(value.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))) ?? [`<${type}>`])[0];
  if (type === "cn_address") return generalizeAddress(value);
  if (type === "ipv4") return value.replace(/\.\d+$/, ".0/24");
  return `<${type}>`;
}

/** Keeps an address down to the prefecture city (or the province-level municipality). */
export function generalizeAddress(value: string): string {
  const m = /^(.{2,12}?(?:省|自治区|特别行政区))?(.{2,10}?(?:市|自治州|地区|盟))?/.exec(value);
  const kept = (m?.[1] ?? "") + (m?.[2] ?? "");
  return kept.length > 0 ? kept : [...value].slice(0, 2).join("");
}

/** Replacement text of one finding under a plain operator. */
export function applyOperator(op: PlainOperator, type: DetectorType, value: string): string {
  switch (op) {
    case "mask":
      return maskPiValue(type, value);
    case "replace":
      return `<${type}>`;
    case "redact":
      return REDACTED;
    case "generalize":
      return generalizeValue(type, value);
  }
}

/**
 * Rewrites `b` with every finding replaced by `replacer(finding, value)`; findings must be sorted
 * and non-overlapping (scanBytes' output).
 */
export function rewrite(b: Uint8Array, findings: readonly PiFinding[], replacer: (f: PiFinding, value: string) => string): string {
  let out = "";
  let pos = 0;
  for (const f of findings) {
    out += decodeUtf8(b, pos, f.start) + replacer(f, decodeUtf8(b, f.start, f.end));
    pos = f.end;
  }
  return out + decodeUtf8(b, pos, b.length);
}
