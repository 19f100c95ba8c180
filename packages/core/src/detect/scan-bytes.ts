/**
 * The fast path: one pass over UTF-8 bytes. ASCII letters/digits (and full-width digits) form
 * tokens; each token is split into pieces and digit groups, and only those are handed to the
 * validators of structured.ts. CJK characters are looked at only when dictionary types (names,
 * addresses) are on, and then only the few that can open one. Offsets are byte offsets.
 */

import { isValidIpv6 } from "./checksums.js";
import { fieldNameMatches, hasKeyword, hasKeywordBefore, windowStart } from "./context.js";
import { PLATE_PROVINCES } from "./data/codes.js";
import { type DictionaryMatcher, dictionaryMatcher } from "./dictionary.js";
import { resolveOverlaps } from "./overlap.js";
import { classifyAlnum, classifyDigits, classifyPlate, isDateGroups, isHkId, type Verdict } from "./structured.js";
import { DEFAULT_MIN_SCORE, type DetectorType, DICTIONARY_TYPES, type PiFinding, type ScanOptions } from "./types.js";
import { codePointAt } from "./utf8.js";

// Byte classes: 1 digit, 2 letter or '_', 3 group separator ('-', '/'), 4 piece separator.
const CLS = new Uint8Array(256);
for (let c = 48; c <= 57; c++) CLS[c] = 1;
for (let c = 65; c <= 90; c++) CLS[c] = 2;
for (let c = 97; c <= 122; c++) CLS[c] = 2;
CLS[95] = 2;
CLS[45] = 3;
CLS[47] = 3;
for (const ch of ".%+:@") CLS[ch.charCodeAt(0)] = 4;

const MAX_TOKEN = 256;
const HEX = new Uint8Array(128);
for (const ch of "0123456789abcdefABCDEF") HEX[ch.charCodeAt(0)] = 1;
const NAME_KEYS = new Set([
  "name",
  "realname",
  "real_name",
  "fullname",
  "full_name",
  "customer_name",
  "contact_name",
  "receiver_name",
  "user_name",
  "holder_name",
]);
const ADDRESS_KEYS = new Set(["address", "addr", "home_address", "shipping_address", "receiver_address"]);
const PLATE_CPS = new Set([...PLATE_PROVINCES].map((c) => c.codePointAt(0)!));
/** Types that only count next to their keyword: a bare 8-digit number is not a 台胞证. */
const KEYWORD_FLOOR: ReadonlySet<DetectorType> = new Set(["qq_number", "wechat_id", "imei", "cn_passport", "cn_travel_permit", "birth_date"]);

/** Scans UTF-8 bytes and returns findings (byte offsets, overlaps resolved), in order. */
export function scanBytes(b: Uint8Array, opts: ScanOptions = {}): PiFinding[] {
  return new Scanner(b, opts, true).run();
}

/**
 * The same scan without the shortcuts (timestamps and plain tokens settled without copying): every
 * token goes through the full classification. For tests, which check that both agree.
 */
export function scanBytesThorough(b: Uint8Array, opts: ScanOptions = {}): PiFinding[] {
  return new Scanner(b, opts, false).run();
}

class Scanner {
  private readonly out: PiFinding[] = [];
  private readonly nc = new Uint16Array(MAX_TOKEN + 8);
  private readonly no = new Int32Array(MAX_TOKEN + 9);
  private len = 0;
  private readonly gs = new Int32Array(64);
  private readonly ge = new Int32Array(64);
  private readonly minScore: number;
  private readonly dict: DictionaryMatcher | null;

  constructor(
    private readonly b: Uint8Array,
    private readonly opts: ScanOptions,
    private readonly shortcuts: boolean,
  ) {
    this.minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
    const wantDict = !opts.types || DICTIONARY_TYPES.some((t) => opts.types!.has(t));
    this.dict = wantDict ? dictionaryMatcher(b, opts, (f) => this.push(f)) : null;
  }

  run(): PiFinding[] {
    const b = this.b;
    const n = b.length;
    const dict = this.dict;
    let i = 0;
    while (i < n) {
      const c = b[i]!;
      if (c < 0x80) {
        const k = CLS[c];
        if (k === 2) {
          // A plain word (INFO, traceId) ending at a non-token byte holds no value: skip it whole.
          let e = i + 1;
          while (e < n && CLS[b[e]!] === 2) e++;
          const after = e < n ? b[e]! : 32;
          if (after < 0x80 && CLS[after] === 0 && (dict === null || !mayBeKey(b, i, e))) i = e;
          else i = this.token(i);
        } else if (k === 1) i = this.token(i);
        else i++;
      } else if (c === 0xef && b[i + 1] === 0xbc && b[i + 2]! >= 0x90 && b[i + 2]! <= 0x99) {
        i = this.token(i);
      } else if (c >= 0xe0 && c < 0xf0 && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80) {
        // A CJK character: only the dictionaries look at it; the structured types skip it whole.
        i = dict !== null ? dict.at(i) : i + 3;
      } else i++;
    }
    if (dict) dict.finish();
    return resolveOverlaps(this.out);
  }

  /** Reads one token from i into nc/no and classifies it; returns the byte after it. */
  private token(start: number): number {
    const b = this.b;
    const n = b.length;
    // An ISO 8601 timestamp opens most log lines; as a whole token it holds no value (its date part
    // is joined to the time by 'T', so it is never a birth date): skip it without splitting it.
    if (this.shortcuts) {
      const ts = isoTimestampEnd(b, start);
      if (ts > 0) return ts;
      const quick = this.quickToken(start);
      if (quick > 0) return quick;
    }
    let j = start;
    let len = 0;
    let digitsOnly = true;
    let spaces = 0;
    let digits = 0;
    let marks = 0; // '@' or ':'
    let seps = 0; // other piece separators: . % +
    while (j < n) {
      const c = b[j]!;
      let ch: number;
      let w = 1;
      if (c < 0x80) {
        const k = CLS[c]!;
        if (k === 0) {
          // A single space between digit groups (6222 0212 …) belongs to the token.
          if (c === 32 && digitsOnly && spaces < 6 && len > 0 && this.nc[len - 1]! < 58 && this.nc[len - 1]! > 47 && isDigitAt(b, j + 1)) {
            ch = 32;
            spaces++;
          } else break;
        } else {
          ch = c;
          if (k === 1) digits++;
          else if (k === 2 || k === 4) {
            digitsOnly = false;
            if (c === 64 || c === 58) marks++;
            else if (k === 4) seps++;
          }
        }
      } else if (c === 0xef && b[j + 1] === 0xbc && b[j + 2]! >= 0x90 && b[j + 2]! <= 0x99) {
        ch = 48 + b[j + 2]! - 0x90;
        w = 3;
        digits++;
      } else if (c === 0xef && ((b[j + 1] === 0xbc && b[j + 2] === 0xb8) || (b[j + 1] === 0xbd && b[j + 2] === 0x98)) && len > 0) {
        ch = 88; // full-width X as a check character
        w = 3;
      } else break;
      if (len < MAX_TOKEN) {
        this.nc[len] = ch;
        this.no[len] = j;
        len++;
      }
      j += w;
    }
    if (len >= MAX_TOKEN) return j; // a blob (base64, hash …), not a value
    this.no[len] = j;
    this.len = len;
    // Trailing punctuation ends sentences, not values.
    let z = len;
    while (z > 0 && (CLS[this.nc[z - 1]!] === 3 || CLS[this.nc[z - 1]!] === 4)) z--;
    if (z === 0) return j;
    if (this.dict !== null && digits === 0 && mayBeKey(this.b, this.no[0]!, this.no[z]!)) this.asciiKeyword(z, j);
    // Digits followed by 号: a door number, which may end an address that opened without a division name.
    if (this.dict !== null && marks === 0 && b[j] === 0xe5 && b[j + 1] === 0x8f && b[j + 2] === 0xb7) this.dict.doorNumber(this.no[0]!);
    // Every value has four digits or more, or an '@' / ':' (e-mail, MAC, IPv6): skip the rest cheaply.
    if (digits < 4 && marks === 0 && !(z === 17 && this.nc[2] === 45)) {
      // …except a WeChat ID, which may hold few digits (wx_abc123); it needs its keyword anyway.
      if (
        z >= 6 &&
        z <= 20 &&
        CLS[this.nc[0]!] === 2 &&
        this.nc[0] !== 95 &&
        (digits > 0 || hasUnderscore(this.nc, z)) &&
        this.kwBefore("wechat_id", this.no[0]!)
      ) {
        const raw = this.str(0, z, false);
        const v = classifyAlnum(raw.toUpperCase(), raw);
        if (v?.type === "wechat_id") this.accept(v, this.no[0]!, this.no[z]!);
      }
      return j;
    }
    if (this.tail(z, j)) return this.no[len]!;
    if (marks === 0 && seps === 0) this.chain(0, z, true);
    else this.range(0, z, true);
    return j;
  }

  /**
   * The common cases without copying the token: a plain ASCII token with fewer than four digits and
   * no '@' or ':' can only be a WeChat ID (which needs its keyword); a single run of letters and
   * digits (a hex trace id) can only be one of the alphanumeric types, whose lengths are few.
   * Returns the byte after the token when it is settled here, 0 when token() must read it in full
   * (non-ASCII, digit groups joined by a space, a length or neighbour some type has, a WeChat
   * keyword, or a key / door number the dictionaries want).
   */
  private quickToken(start: number): number {
    const b = this.b;
    const n = b.length;
    let e = start;
    let digits = 0;
    let other = 0; // letters and '_'
    let dash = false;
    let punct = false;
    for (; e < n; e++) {
      const c = b[e]!;
      if (c >= 0x80) break;
      const k = CLS[c]!;
      if (k === 0) break;
      if (k === 1) digits++;
      else if (k === 2) {
        other++;
        if (c === 95) dash = true;
      } else {
        if (c === 64 || c === 58) return 0;
        if (c === 45) dash = true;
        punct = true;
      }
    }
    if (e < n) {
      // A space may join digit groups; full-width digits / X continue a token; 号 ends a door number.
      const c = b[e]!;
      if ((c === 32 && other === 0 && CLS[b[e - 1]!] === 1) || c === 0xef || (c === 0xe5 && this.dict !== null)) return 0;
    }
    if (digits >= 4) {
      if (punct || other === 0) return 0;
      // One group of letters and digits: passports, permits, HK/TW IDs and USCCs have 8–11 or 18
      // characters, an HK ID may go on with `(7)`, a plate follows its province character, and any
      // other length is a WeChat ID at most (span() holds the same rules).
      const len = e - start;
      if (len >= MAX_TOKEN || len < 6 || len > 20) return e;
      if ((len >= 8 && len <= 11) || len === 18 || b[e] === 40 || (start >= 3 && b[start - 3]! >= 0xe0)) return 0;
      if (CLS[b[start]!] === 2 && this.kwBefore("wechat_id", start)) return 0;
      return e;
    }
    let z = e;
    while (z > start && (CLS[b[z - 1]!] === 3 || CLS[b[z - 1]!] === 4)) z--;
    if (z === start) return e;
    const len = z - start;
    if (len === 17 && b[start + 2] === 45) return 0;
    if (this.dict !== null && digits === 0 && mayBeKey(b, start, z)) return 0;
    if (len >= 6 && len <= 20 && CLS[b[start]!] === 2 && b[start] !== 95 && (digits > 0 || dash)) {
      if (this.kwBefore("wechat_id", start)) return 0;
    }
    return e;
  }

  /** `name` / `address` keys (JSON, logs, CSV headers inline) open a name or an address. */
  private asciiKeyword(z: number, end: number): void {
    const w = this.str(0, z, false)
      .toLowerCase()
      .replace(/[:=]+$/, "");
    if (NAME_KEYS.has(w)) this.dict!.afterAsciiKeyword("name", end);
    else if (ADDRESS_KEYS.has(w)) this.dict!.afterAsciiKeyword("address", end);
  }

  /** Values that continue past the token: `A123456(7)` and `1990年1月2日`. */
  private tail(z: number, end: number): boolean {
    const b = this.b;
    if (z !== this.len) return false;
    if (b[end] === 40 && b[end + 2] === 41 && z >= 7 && z <= 8) {
      const u = this.str(0, z, true) + String.fromCharCode(b[end + 1]!).toUpperCase();
      if (isHkId(u)) {
        this.accept({ type: "hk_id", score: 0.85 }, this.no[0]!, end + 3);
        return true;
      }
    }
    if (z === 4 && b[end] === 0xe5 && b[end + 1] === 0xb9 && b[end + 2] === 0xb4) {
      const m = readNum(b, end + 3);
      if (m && b[m.next] === 0xe6 && b[m.next + 1] === 0x9c && b[m.next + 2] === 0x88) {
        const d = readNum(b, m.next + 3);
        if (d && b[d.next] === 0xe6 && b[d.next + 1] === 0x97 && b[d.next + 2] === 0xa5 && isDateGroups(this.str(0, 4, false), m.v, d.v)) {
          this.accept({ type: "birth_date", score: 0.2 }, this.no[0]!, d.next + 3);
          return true;
        }
      }
    }
    return false;
  }

  private str(a: number, z: number, upper: boolean): string {
    const s = String.fromCharCode.apply(null, this.nc.subarray(a, z) as unknown as number[]);
    return upper ? s.toUpperCase() : s;
  }

  /** Splits a token range at '@' (e-mail), ':' (IPv6/MAC) and piece separators. */
  private range(a: number, z: number, first: boolean): void {
    const nc = this.nc;
    let at = -1;
    let colon = false;
    for (let k = a; k < z; k++) {
      if (nc[k] === 64) at = at < 0 ? k : at;
      else if (nc[k] === 58) colon = true;
    }
    if (at >= 0 && this.email(a, z, at)) return;
    if (colon) {
      if (this.colonValue(a, z)) return;
      // `MAC:00:1A:…`, `ip6:fe80::1`: a label before the value.
      for (let k = a; k < z - 1; k++) {
        if (nc[k] === 58 && CLS[nc[k + 1]!] !== 4 && this.colonValue(k + 1, z)) {
          if (k > a) this.range(a, k, first);
          return;
        }
      }
    }
    // Pieces split at . % + : @; a dotted quad is tried first.
    let p = a;
    for (let k = a; k <= z; k++) {
      if (k === z || CLS[nc[k]!] === 4) {
        if (nc[k] === 46 && this.ipv4(p, z)) return;
        if (k > p) this.chain(p, k, first && p === a);
        p = k + 1;
      }
    }
  }

  private email(a: number, z: number, at: number): boolean {
    const nc = this.nc;
    let ls = at;
    while (ls > a && isLocal(nc[ls - 1]!)) ls--;
    while (ls < at && nc[ls] === 46) ls++;
    let de = at + 1;
    let lastDot = -1;
    while (de < z && (isAlnum(nc[de]!) || nc[de] === 45 || nc[de] === 46)) {
      if (nc[de] === 46) lastDot = de;
      de++;
    }
    while (de > at + 1 && (nc[de - 1] === 46 || nc[de - 1] === 45)) de--;
    if (lastDot >= de - 1) lastDot = -1;
    for (let k = de - 1; k > at; k--)
      if (nc[k] === 46) {
        lastDot = k;
        break;
      }
    if (ls === at || lastDot < 0 || de - lastDot - 1 < 2 || nc[at + 1] === 46) return false;
    for (let k = lastDot + 1; k < de; k++) if (CLS[nc[k]!] !== 2) return false;
    this.accept({ type: "email", score: 0.95 }, this.no[ls]!, this.no[de]!);
    if (ls > a) this.range(a, ls, false);
    if (de < z) this.range(de, z, false);
    return true;
  }

  private colonValue(a: number, z: number): boolean {
    let colons = 0;
    for (let k = a; k < z; k++) {
      const c = this.nc[k]!;
      if (c === 58) colons++;
      else if (!HEX[c]) return false;
    }
    if (colons < 2 || z - a < 3) return false;
    const s = this.str(a, z, false);
    if (/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(s)) {
      const u = s.toUpperCase();
      if (u === "00:00:00:00:00:00" || u === "FF:FF:FF:FF:FF:FF") return true;
      this.accept({ type: "mac_address", score: 0.85 }, this.no[a]!, this.no[z]!);
      return true;
    }
    if (/^[0-9A-Fa-f:]+$/.test(s) && s.split(":").length >= 4 && isValidIpv6(s)) {
      this.accept({ type: "ipv6", score: 0.85 }, this.no[a]!, this.no[z]!);
      return true;
    }
    return false;
  }

  private ipv4(p: number, z: number): boolean {
    let e = p;
    let dots = 0;
    while (e < z && (CLS[this.nc[e]!] === 1 || this.nc[e] === 46)) {
      if (this.nc[e] === 46) dots++;
      e++;
    }
    if (dots !== 3) return false;
    if (!octetsValid(this.nc, p, e)) return false;
    this.accept({ type: "ipv4", score: 0.85 }, this.no[p]!, this.no[e]!);
    if (e < z) this.range(e + 1, z, false);
    return true;
  }

  /** Groups separated by space, '-' or '/': the longest run of groups that validates wins. */
  private chain(a: number, z: number, first: boolean): void {
    const nc = this.nc;
    const gs = this.gs;
    const ge = this.ge;
    // No value is shorter than five characters (a QQ number): short pieces (`51`, `702Z`) cost nothing.
    if (z - a < 5) return;
    let g = 0;
    let s = a;
    for (let k = a; k <= z; k++) {
      if (k === z || nc[k] === 32 || CLS[nc[k]!] === 3) {
        if (k > s && g < 64) {
          gs[g] = s;
          ge[g] = k;
          g++;
        }
        s = k + 1;
      }
    }
    for (let x = 0; x < g; ) {
      let took = false;
      for (let y = Math.min(g - 1, x + 5); y >= x; y--) {
        const v = this.span(gs, ge, x, y, first && x === 0);
        if (v && this.accept(v, this.valueStart(v, gs[x]!), this.no[ge[y]!]!)) {
          x = y + 1;
          took = true;
          break;
        }
      }
      if (!took) x++;
    }
  }

  /** Where the value starts: a plate at its province character, a `+86` number at its `+`. */
  private valueStart(v: Verdict, k: number): number {
    const off = this.no[k]!;
    if (v.type === "cn_license_plate") return off - 3;
    if (v.type === "cn_mobile" && off > 0 && this.b[off - 1] === 43) return off - 1;
    return off;
  }

  private span(gs: Int32Array, ge: Int32Array, x: number, y: number, first: boolean): Verdict | null {
    const groups = y - x + 1;
    // Cheap shape checks on the raw characters before any string is built.
    let total = 0;
    let nonDigit = 0;
    let pairs = 0;
    for (let k = x; k <= y; k++) {
      const l = ge[k]! - gs[k]!;
      total += l;
      if (l === 2) pairs++;
      for (let q = gs[k]!; q < ge[k]!; q++) if (CLS[this.nc[q]!] !== 1) nonDigit++;
    }
    if (groups === 6 && pairs === 6) return this.mac(gs, ge, x, y);
    if (nonDigit === 0 || (nonDigit === 1 && CLS[this.nc[ge[y]! - 1]!] !== 1 && total === 18)) {
      if (!this.digitsMayMatch(gs, ge, x, y, total)) return null;
    } else if (groups !== 1 || total < 6 || total > 20 || nonDigit === total) {
      return null;
    } else if (
      !(
        (total >= 8 && total <= 11) ||
        total === 18 ||
        (first && x === 0 && gs[x] === 0 && this.afterPlateProvince()) ||
        // A WeChat ID starts with a letter; a hex trace id starting with a digit needs no keyword look-up.
        (CLS[this.nc[gs[x]!]!] === 2 && this.kwBefore("wechat_id", this.no[gs[x]!]!))
      )
    ) {
      return null; // only a WeChat ID has other lengths, and it needs its keyword
    }
    let s = "";
    for (let k = x; k <= y; k++) s += this.str(gs[k]!, ge[k]!, true);
    if (groups === 3) {
      const y0 = this.str(gs[x]!, ge[x]!, false);
      if (isDateGroups(y0, this.str(gs[x + 1]!, ge[x + 1]!, false), this.str(gs[y]!, ge[y]!, false))) return { type: "birth_date", score: 0.2 };
    }
    if (/^[0-9]+X?$/.test(s)) {
      return classifyDigits(s, { groups, firstLen: ge[x]! - gs[x]!, lastLen: ge[y]! - gs[y]! });
    }
    if (groups !== 1) return null;
    if (first && gs[x] === 0 && this.afterPlateProvince()) {
      const p = classifyPlate(s);
      if (p) return p;
    }
    return classifyAlnum(s, this.str(gs[x]!, ge[x]!, false));
  }

  /**
   * Cheap gate on a digit span before any string is built: only lengths and leading digits some
   * type can have pass; the keyword-only shapes (QQ, dates) pass only next to their keyword.
   */
  private digitsMayMatch(gs: Int32Array, ge: Int32Array, x: number, y: number, total: number): boolean {
    const nc = this.nc;
    const f = nc[gs[x]!]! - 48;
    const groups = y - x + 1;
    if (total === 11 && f === 1) return true;
    if (total === 13 && f === 8) return true;
    if (total >= 15 && total <= 19) return true;
    if (f === 0 && total >= 10 && total <= 17) return groups > 1 || total <= 12;
    const start = this.no[gs[x]!]!;
    if (groups === 3) {
      const l0 = ge[x]! - gs[x]!;
      const l1 = ge[x + 1]! - gs[x + 1]!;
      const l2 = ge[y]! - gs[y]!;
      if (l0 !== 4 || l1 > 2 || l2 > 2 || !(f === 1 || f === 2)) return false;
      return this.kw("birth_date", windowStart(this.b, start), start);
    }
    if (groups !== 1 || total < 5 || total > 11 || f === 0) return false;
    const ws = windowStart(this.b, start);
    return this.kw("qq_number", ws, start) || (total === 8 && (this.kw("birth_date", ws, start) || this.kw("cn_travel_permit", ws, start)));
  }

  private readonly fieldKw = new Map<string, boolean>();

  /** kw(t, windowStart(b, start), start) in one pass. */
  private kwBefore(t: DetectorType, start: number): boolean {
    return hasKeywordBefore(t, this.b, start) || this.fieldKeyword(t);
  }

  private fieldKeyword(t: DetectorType): boolean {
    const field = this.opts.fieldName;
    if (!field) return false;
    let m = this.fieldKw.get(t);
    if (m === undefined) {
      m = fieldNameMatches(t, field);
      this.fieldKw.set(t, m);
    }
    return m;
  }

  /** A keyword of `t` in b[ws, start) or in the field name (cached per type). */
  private kw(t: DetectorType, ws: number, start: number): boolean {
    return hasKeyword(t, this.b, ws, start) || this.fieldKeyword(t);
  }

  private mac(gs: Int32Array, ge: Int32Array, x: number, y: number): Verdict | null {
    let s = "";
    for (let k = x; k <= y; k++) s += this.str(gs[k]!, ge[k]!, true);
    if (!/^[0-9A-F]{12}$/.test(s) || s === "000000000000" || s === "FFFFFFFFFFFF") return null;
    return { type: "mac_address", score: 0.85 };
  }

  private afterPlateProvince(): boolean {
    const off = this.no[0]!;
    return off >= 3 && this.b[off - 3]! >= 0xe0 && PLATE_CPS.has(codePointAt(this.b, off - 3));
  }

  /** Applies context and the threshold; records the finding. True when recorded. */
  accept(v: Verdict, start: number, end: number): boolean {
    let type = v.type;
    const types = this.opts.types;
    const b = this.b;
    const ws = windowStart(b, start);
    // Keyword-only types are decided by their keyword before anything else is looked at.
    if (KEYWORD_FLOOR.has(type) && v.score < this.minScore && type !== "cn_passport" && type !== "qq_number" && !this.kw(type, ws, start)) return false;
    if (type === "cn_passport" && this.kw("cn_travel_permit", ws, start) && !this.kw("cn_passport", ws, start)) type = "cn_travel_permit";
    if (type === "cn_resident_id" && v.score < 0.9 && end - start === 15 && !this.kw("cn_resident_id", ws, start) && this.kw("imei", ws, start)) type = "imei";
    if (type === "qq_number" && end - start === 8 && !this.kw("qq_number", ws, start) && this.kw("cn_travel_permit", ws, start)) type = "cn_travel_permit";
    if (types && !types.has(type)) return false;
    let score = v.score;
    if (this.kw(type, ws, start)) score = KEYWORD_FLOOR.has(type) ? Math.max(0.85, score) : Math.min(0.99, score + 0.3);
    if (score >= 0.3 && hasKeyword("negative", b, ws, start)) score -= 0.5;
    score = Math.round(score * 100) / 100;
    if (score < this.minScore) return false;
    this.out.push({ type, start, end, score });
    return true;
  }

  push(f: PiFinding): void {
    this.out.push(f);
  }
}

/** `name`, `address`, `addr` and the keys ending in them: 4–24 bytes ending in e, s or r. */
function mayBeKey(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 4 || n > 24) return false;
  const c = b[e - 1]! | 0x20;
  return c === 101 || c === 115 || c === 114;
}

function hasUnderscore(nc: Uint16Array, z: number): boolean {
  for (let k = 0; k < z; k++) if (nc[k] === 95 || nc[k] === 45) return true;
  return false;
}

function isDigitAt(b: Uint8Array, j: number): boolean {
  const c = b[j]!;
  return (c >= 48 && c <= 57) || (c === 0xef && b[j + 1] === 0xbc && b[j + 2]! >= 0x90 && b[j + 2]! <= 0x99);
}

function readNum(b: Uint8Array, i: number): { v: string; next: number } | null {
  let v = "";
  let j = i;
  while (v.length < 3) {
    const c = b[j]!;
    if (c >= 48 && c <= 57) {
      v += String.fromCharCode(c);
      j++;
    } else if (c === 0xef && b[j + 1] === 0xbc && b[j + 2]! >= 0x90 && b[j + 2]! <= 0x99) {
      v += String(b[j + 2]! - 0x90);
      j += 3;
    } else break;
  }
  return v.length > 0 && v.length <= 2 ? { v, next: j } : null;
}

function isAlnum(c: number): boolean {
  return CLS[c] === 1 || (CLS[c] === 2 && c !== 95);
}

function isLocal(c: number): boolean {
  return CLS[c] === 1 || CLS[c] === 2 || c === 46 || c === 37 || c === 43 || c === 45;
}

function d2(b: Uint8Array, i: number): boolean {
  return CLS[b[i]!] === 1 && CLS[b[i + 1]!] === 1;
}

/**
 * End of an ISO 8601 timestamp `yyyy-mm-ddThh:mm[:ss[.fff]][Z|±hh:mm]` that forms a whole token
 * (followed by a byte that ends tokens), or 0. The caller's general path finds nothing in such a
 * token; this only spares the work (the differential test covers timestamps).
 */
function isoTimestampEnd(b: Uint8Array, i: number): number {
  const n = b.length;
  if (i + 16 > n || b[i + 4] !== 45 || b[i + 10] !== 84 || b[i + 13] !== 58) return 0;
  if (!(d2(b, i) && d2(b, i + 2) && b[i + 7] === 45 && d2(b, i + 5) && d2(b, i + 8) && d2(b, i + 11) && d2(b, i + 14))) return 0;
  let j = i + 16;
  if (b[j] === 58 && d2(b, j + 1)) {
    j += 3;
    if (b[j] === 46 && CLS[b[j + 1]!] === 1) {
      const f = ++j;
      while (j < n && CLS[b[j]!] === 1) j++;
      // Up to four fraction digits are too few for any value; five to nine are safe only before a
      // 'Z' (a letter-led piece then); more may be a number glued on, which the full path reads.
      if (j - f > 9 || (j - f > 4 && b[j] !== 90)) return 0;
    }
  }
  if (b[j] === 90) j++;
  else if ((b[j] === 43 || b[j] === 45) && d2(b, j + 1)) {
    j += 3;
    if (b[j] === 58) j++;
    if (!d2(b, j)) return 0;
    j += 2;
  }
  if (j < n && (b[j]! >= 0x80 || CLS[b[j]!] !== 0)) return 0;
  return j;
}

/** isValidIpv4 over digits and dots in nc[p, e) without building the string: four octets 0–255, no leading zero. */
function octetsValid(nc: Uint16Array, p: number, e: number): boolean {
  let parts = 0;
  let k = p;
  while (k <= e) {
    let q = k;
    let v = 0;
    while (q < e && nc[q] !== 46) v = v * 10 + nc[q++]! - 48;
    const len = q - k;
    if (len === 0 || len > 3 || (len > 1 && nc[k] === 48) || v > 255) return false;
    parts++;
    k = q + 1;
  }
  return parts === 4;
}
