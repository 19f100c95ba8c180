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
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
}

/** Masks the digits/letters of `value` except the first `head` and last `tail`; separators stay. */
export function maskMiddle(value: string, head: number, tail: number, counts: (ch: string) => boolean = isAlnumChar): string {
  // Values are short; one pass counts, one pass writes (a surrogate pair is one character).
  let total = 0;
  for (let i = 0; i < value.length; i++) if (counts(value[i]!)) total++;
  const keepAll = total > head + tail;
  let seen = 0;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (!counts(ch)) out += ch;
    else {
      seen++;
      out += keepAll && (seen <= head || seen > total - tail) ? ch : "*";
    }
  }
  return out;
}

function isAlnumChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 0xff10 && c <= 0xff19) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}

const COMPOUND_SET = new Set(COMPOUND_SURNAMES);
const COMPOUND_LENGTHS = [...new Set(COMPOUND_SURNAMES.map((c) => c.length))];

function surnameLength(name: string): number {
  for (const n of COMPOUND_LENGTHS) if (COMPOUND_SET.has(name.slice(0, n))) return 2;
  return 1;
}

/** Eleven ASCII digits (a mobile as most tables store it). */
function isElevenDigits(v: string): boolean {
  if (v.length !== 11) return false;
  for (let i = 0; i < 11; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The mask preset of a type: 138****5678, 110101********1233, 6222 **** **** ***0123, 张*. */
export function maskPiValue(type: DetectorType, value: string): string {
  switch (type) {
    case "cn_mobile": {
      // The common case without the per-character pass: head 3, tail 4 (as maskMiddle would keep).
      if (isElevenDigits(value)) return `${value.slice(0, 3)}****${value.slice(7)}`;
      let digits = 0;
      for (let i = 0; i < value.length; i++) if (isDigitChar(value[i]!)) digits++;
      return maskMiddle(value, Math.max(3, digits - 8), 4, isDigitChar);
    }
    case "cn_resident_id":
      return maskMiddle(value, 6, 4);
    case "bank_card":
      return maskMiddle(value, 4, 4, isDigitChar);
    case "cn_landline":
      return maskMiddle(value, 4, 2, isDigitChar);
    case "person_name": {
      // Characters are code points; the surname and the middle dot stay.
      const keep = surnameLength(value);
      let out = "";
      let i = 0;
      for (const c of value) out += i++ < keep || c === "·" ? c : "*";
      return out;
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
 * and non-overlapping (scanBytes' output). `text`, when given, is `b` decoded (the caller usually
 * has it): slices are then cut from it by walking the bytes, instead of decoding every piece.
 */
export function rewrite(b: Uint8Array, findings: readonly PiFinding[], replacer: (f: PiFinding, value: string) => string, text?: string): string {
  if (findings.length === 0) return text ?? decodeUtf8(b);
  const s = text ?? (findings.length > 2 ? decodeUtf8(b) : undefined);
  if (s !== undefined && utf16Length(b, 0, b.length) === s.length) {
    // Valid UTF-8 (the lengths agree only then, or by a coincidence the per-piece check below catches).
    let out = "";
    let pos = 0;
    let u = 0;
    for (const f of findings) {
      const us = u + utf16Length(b, pos, f.start);
      const ue = us + utf16Length(b, f.start, f.end);
      if (us < 0 || ue < 0) return rewritePieces(b, findings, replacer);
      out += s.slice(u, us) + replacer(f, s.slice(us, ue));
      pos = f.end;
      u = ue;
    }
    return out + s.slice(u);
  }
  return rewritePieces(b, findings, replacer);
}

function rewritePieces(b: Uint8Array, findings: readonly PiFinding[], replacer: (f: PiFinding, value: string) => string): string {
  let out = "";
  let pos = 0;
  for (const f of findings) {
    out += decodeUtf8(b, pos, f.start) + replacer(f, decodeUtf8(b, f.start, f.end));
    pos = f.end;
  }
  return out + decodeUtf8(b, pos, b.length);
}

/**
 * UTF-16 length of the valid UTF-8 in b[from, to), or -1 when it is not valid UTF-8 (then the
 * decoder's replacement characters make lengths differ, and the caller decodes piece by piece).
 */
function utf16Length(b: Uint8Array, from: number, to: number): number {
  let u = 0;
  let i = from;
  while (i < to) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      u++;
      continue;
    }
    const n = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (n === 0 || i + n > to) return -1;
    for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return -1;
    // Overlong 3/4-byte forms, surrogates and code points past U+10FFFF are invalid too.
    if (n === 3 && ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! >= 0xa0))) return -1;
    if (n === 4 && ((c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! >= 0x90))) return -1;
    u += n === 4 ? 2 : 1;
    i += n;
  }
  return u;
}
