/**
 * Names and addresses, found from dictionaries and context rather than shape. Personal names
 * (surname dictionary, compound surnames, `·` in minority names) count only after a name keyword
 * (姓名, 联系人, a `name` column …) or before a title (先生, 女士 …): a surname character alone is
 * far too common in Chinese text. Addresses open at a province/prefecture name or an address
 * keyword and run over the characters an address is written with, ending at a place/number suffix.
 */
import { fieldNameMatches, hasKeyword, windowStart } from "./context.js";
import { PREFECTURES, PROVINCES } from "./data/admin-divisions.js";
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from "./data/surnames.js";
import type { PiFinding, ScanOptions } from "./types.js";
import { codePointAt, cpByteLen } from "./utf8.js";

const ADMIN = 1;
const SURNAME = 2;
const NAME_KW = 4;
const ADDR_KW = 8;

const TRIGGER = new Uint8Array(0x10000);
const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);

interface Trie {
  end: boolean;
  next: Map<number, Trie>;
}
const adminTrie: Trie = { end: false, next: new Map() };
for (const name of [...PROVINCES, ...PREFECTURES]) {
  let t = adminTrie;
  for (const cp of cps(name)) {
    let n = t.next.get(cp);
    if (!n) {
      n = { end: false, next: new Map() };
      t.next.set(cp, n);
    }
    t = n;
  }
  t.end = true;
  TRIGGER[cps(name)[0]!]! |= ADMIN;
}

const SURNAME_CPS = new Set(cps(SINGLE_SURNAMES));
/** Compound surnames keyed by their two code points (no string built per look-up). */
const COMPOUND = new Set(COMPOUND_SURNAMES.map((c) => pairKey(c.codePointAt(0)!, c.codePointAt(1)!)));
function pairKey(c0: number, c1: number): number {
  return c0 * 0x110000 + c1;
}
for (const cp of SURNAME_CPS) TRIGGER[cp]! |= SURNAME;
for (const c of COMPOUND_SURNAMES) TRIGGER[c.codePointAt(0)!]! |= SURNAME;

const NAME_KEYWORDS =
  "我叫 名叫 叫做 姓名 名字 联系人 收件人 收货人 寄件人 签收人 客户 用户 患者 申请人 持卡人 户主 法定代表人 负责人 员工 经办人 投保人 被保险人 受益人 乘客 学生 借款人 开户名 户名 账户名 监护人 家长 本人".split(
    " ",
  );
const ADDR_KEYWORDS = "地址 住址 住所 居住地 收货地址 家庭住址 户籍地 通讯地址 寄送地址".split(" ");
const kwByFirst = new Map<number, { kw: number[]; kind: number }[]>();
for (const [list, kind] of [
  [NAME_KEYWORDS, NAME_KW],
  [ADDR_KEYWORDS, ADDR_KW],
] as const) {
  for (const k of list) {
    const c = cps(k);
    TRIGGER[c[0]!]! |= kind;
    const arr = kwByFirst.get(c[0]!) ?? [];
    arr.push({ kw: c, kind });
    arr.sort((x, y) => y.kw.length - x.kw.length);
    kwByFirst.set(c[0]!, arr);
  }
}

// Titles, and the verbs of a person handling something (由王伟负责), that follow a full name.
const TITLES = ["先生", "女士", "同志", "老师", "医生", "经理", "教授", "律师", "小姐", "负责", "签收", "经办", "办理"].map(cps);
const TITLE_FIRST = new Set(TITLES.map((t) => t[0]!));
const NAME_STOP = new Set(
  cps("的了在是和与及或等先女同老医经电手身地住性年月日号您你我他她说已将于被把对向从到给让请收寄联邮职部公司省市区县路街都也还就很又曾为之其这那个们有无不要"),
);
const ADDR_STOP = new Set(cps("的是在了和与及或等到从为给请您你我他她电手邮姓身联收附旁近"));
const ADDR_END = new Set(cps("省州盟区县旗市镇乡村路街道巷弄里苑园城号栋幢座楼层室房元院厦场寓湾庄屯"));
const ADDR_DETAIL = new Set(cps("路街道巷弄村号栋幢室楼层院"));
const PREPOSITIONS = new Set(cps("由向和与给对被把让跟找请叫是有在为将从经"));
const ROAD_END = new Set(cps("路街道巷弄里村"));
/** Last characters of keywords and verbs that end right before an address (送到, 寄往, 位于 …). */
const NAME_KW_END = new Set(cps("到往于址所"));
/** The address sets as one flag table over the BMP: the address grammar tests every character. */
const F_ADDR_STOP = 1;
const F_ADDR_END = 2;
const F_ADDR_DETAIL = 4;
const F_NAME_KW_END = 8;
const CP_FLAGS = new Uint8Array(0x10000);
for (const [set, flag] of [
  [ADDR_STOP, F_ADDR_STOP],
  [ADDR_END, F_ADDR_END],
  [ADDR_DETAIL, F_ADDR_DETAIL],
  [NAME_KW_END, F_NAME_KW_END],
] as const) {
  for (const cp of set) CP_FLAGS[cp]! |= flag;
}
function cpFlag(cp: number, flag: number): boolean {
  return cp < 0x10000 && (CP_FLAGS[cp]! & flag) !== 0;
}
const SKIP_AFTER_KW = new Set([...cps(" :：=\"'“「为是叫"), 0x3000]);
const MIDDLE_DOTS = new Set([0xb7, 0x2022, 0x30fb, 0x2027]);

function isHan(cp: number): boolean {
  return cp >= 0x4e00 && cp <= 0x9fff;
}

/** The dictionary pass, driven by the byte scanner at each 3-byte character. */
export interface DictionaryMatcher {
  /** Looks at the character at byte i; returns the byte to continue from. */
  at(i: number): number;
  /** An ASCII keyword (`name`, `address`) ended at byte i. */
  afterAsciiKeyword(kind: "name" | "address", i: number): void;
  /** A door number (digits then 号) starts at byte i: an address may end here. */
  doorNumber(i: number): void;
  finish(): void;
}

/** Creates the matcher over `b`; findings go to `emit`. */
export function dictionaryMatcher(b: Uint8Array, opts: ScanOptions, emit: (f: PiFinding) => void): DictionaryMatcher {
  const wantName = !opts.types || opts.types.has("person_name");
  const wantAddr = !opts.types || opts.types.has("cn_address");
  const minScore = opts.minScore ?? 0.5;
  const put = (f: PiFinding) => {
    if (f.score >= minScore) emit(f);
  };

  const skipSeparators = (i: number): number => {
    let j = i;
    for (let k = 0; k < 4 && j < b.length; k++) {
      const cp = codePointAt(b, j);
      if (!SKIP_AFTER_KW.has(cp)) break;
      j += cpByteLen(cp);
    }
    return j;
  };

  /** Surname + one or two given-name characters (or a `·` minority name); returns the end or -1. */
  const readName = (i: number, needSurname: boolean): number => {
    let j = i;
    const c0 = codePointAt(b, j);
    if (!isHan(c0)) return -1;
    const c1 = codePointAt(b, j + 3);
    let given = 0;
    if (COMPOUND.has(pairKey(c0, c1))) j += 6;
    else if (SURNAME_CPS.has(c0)) j += 3;
    else if (needSurname) return -1;
    else j += 3;
    let total = 1;
    let dotted = false;
    while (total < 12) {
      const cp = codePointAt(b, j);
      if (MIDDLE_DOTS.has(cp) && !dotted && isHan(codePointAt(b, j + cpByteLen(cp)))) {
        dotted = true;
        j += cpByteLen(cp);
        continue;
      }
      if (!isHan(cp) || NAME_STOP.has(cp)) break;
      if (!dotted && given === 2) return -1; // a longer run is a phrase, not a name
      j += 3;
      given++;
      total++;
    }
    if (given === 0) return -1;
    if (!dotted && !SURNAME_CPS.has(c0) && !COMPOUND.has(pairKey(c0, c1))) return -1;
    return j;
  };

  const nameAfterKeyword = (i: number, score: number) => {
    if (!wantName) return i;
    const s = skipSeparators(i);
    const e = readName(s, false);
    if (e > 0) put({ type: "person_name", start: s, end: e, score });
    return e > 0 ? e : i;
  };

  const titled = (i: number): number => {
    if (!wantName) return -1;
    const c0 = codePointAt(b, i);
    const sur = COMPOUND.has(pairKey(c0, codePointAt(b, i + 3))) ? 6 : SURNAME_CPS.has(c0) ? 3 : 0;
    if (sur === 0) return -1;
    // 由冯刚负责: 由 is a surname but here a preposition; the name starts at the next surname.
    if (sur === 3 && PREPOSITIONS.has(c0) && SURNAME_CPS.has(codePointAt(b, i + 3))) return -1;
    // Two given-name characters first, then one: 王小明先生, 王伟负责.
    for (let given = 2; given >= 1; given--) {
      const e = i + sur + 3 * given;
      if (!TITLE_FIRST.has(codePointAt(b, e))) continue;
      let ok = true;
      for (let k = i + sur; k < e; k += 3) {
        const cp = codePointAt(b, k);
        if (!isHan(cp) || NAME_STOP.has(cp)) ok = false;
      }
      if (!ok) continue;
      for (const t of TITLES) {
        let k = 0;
        while (k < t.length && codePointAt(b, e + 3 * k) === t[k]) k++;
        if (k === t.length) {
          put({ type: "person_name", start: i, end: e, score: 0.8 });
          return e;
        }
      }
    }
    return -1;
  };

  /** Where an address that reaches byte i starts: back over Han characters an address holds (at most 16). */
  const startBefore = (i: number): number => {
    let s = i;
    for (let n = 0; n < 16 && s >= 3; n++) {
      const lead = b[s - 3]!;
      if (lead < 0xe0 || lead >= 0xf0) break;
      const cp = codePointAt(b, s - 3);
      if (!isHan(cp) || cpFlag(cp, F_ADDR_STOP | F_NAME_KW_END)) break;
      s -= 3;
    }
    return s;
  };

  /** Runs an address from i; `admin` when it opened with a division name. Returns the end or -1. */
  const address = (from: number, admin: boolean, kwScore: number): number => {
    // A district written before the division name that opened it (海淀区 before 中山大道) belongs to it.
    const i = admin && from >= 3 && cpFlag(codePointAt(b, from - 3), F_ADDR_END) ? startBefore(from) : from;
    let j = i;
    let end = -1;
    let detail = false;
    let prev = 0;
    for (let n = 0; n < 80 && j < b.length; n++) {
      const c = b[j]!;
      if (c >= 0xe0 && c < 0xf0) {
        // A division name is taken whole: 呼和浩特, 和田 hold characters that otherwise stop an address.
        const a = adminAt(j);
        if (a > 0) {
          j = a;
          prev = 1;
          continue;
        }
      }
      let cp: number;
      let w: number;
      if (c < 0x80) {
        if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 35)) break;
        cp = c;
        w = 1;
      } else {
        cp = codePointAt(b, j);
        w = cpByteLen(cp);
        const fw = cp >= 0xff10 && cp <= 0xff19;
        if (!fw && (!isHan(cp) || cpFlag(cp, F_ADDR_STOP))) break;
      }
      if (cpFlag(cp, F_ADDR_END) && prev !== 0) {
        end = j + w;
        if (cpFlag(cp, F_ADDR_DETAIL)) detail = true;
      }
      prev = cp;
      j += w;
    }
    if (end < 0) return -1;
    const base = detail ? (admin ? 0.85 : 0.6) : admin ? 0.4 : 0.3;
    const ws = windowStart(b, i);
    const score = Math.min(0.99, base + kwScore + (hasKeyword("cn_address", b, ws, i) ? 0.1 : 0));
    if (wantAddr) put({ type: "cn_address", start: i, end, score: Math.round(score * 100) / 100 });
    return score >= minScore ? end : -1;
  };

  const adminAt = (i: number): number => {
    // Most characters open no division name: one table look-up instead of a trie step.
    const c0 = codePointAt(b, i);
    if (c0 >= 0x10000 || (TRIGGER[c0]! & ADMIN) === 0) return -1;
    let t = adminTrie;
    let j = i;
    let last = -1;
    for (let k = 0; k < 5; k++) {
      const n = t.next.get(codePointAt(b, j));
      if (!n) break;
      t = n;
      j += 3;
      if (t.end) last = j;
    }
    return last;
  };

  const keywordAt = (i: number, cp: number): { kind: number; end: number } | null => {
    const list = kwByFirst.get(cp);
    if (!list) return null;
    for (const { kw, kind } of list) {
      let k = 1;
      while (k < kw.length && codePointAt(b, i + 3 * k) === kw[k]) k++;
      if (k === kw.length) return { kind, end: i + 3 * k };
    }
    return null;
  };

  if (opts.fieldName) {
    // A name / address column: every line (a cell, or one value of a sampled column) opens one.
    const isName = fieldNameMatches("person_name", opts.fieldName);
    const isAddr = !isName && fieldNameMatches("cn_address", opts.fieldName);
    for (let p = 0; (isName || isAddr) && p >= 0 && p < b.length; ) {
      if (isName) nameAfterKeyword(p, 0.9);
      else address(skipSeparators(p), adminAt(p) > 0, 0.3);
      const nl = b.indexOf(10, p);
      p = nl < 0 ? -1 : nl + 1;
    }
  }

  return {
    at(i: number): number {
      const cp = codePointAt(b, i);
      const t = cp < 0x10000 ? TRIGGER[cp]! : 0;
      if (t === 0) return i + 3;
      if (t & (NAME_KW | ADDR_KW)) {
        const k = keywordAt(i, cp);
        if (k?.kind === NAME_KW) return nameAfterKeyword(k.end, 0.85);
        if (k?.kind === ADDR_KW) {
          const s = skipSeparators(k.end);
          const e = address(s, adminAt(s) > 0, 0.3);
          return e > 0 ? e : k.end;
        }
      }
      if (t & ADMIN && adminAt(i) > 0) {
        const e = address(i, true, 0);
        if (e > 0) return e;
      }
      if (t & SURNAME) {
        const e = titled(i);
        if (e > 0) return e;
      }
      return i + 3;
    },
    doorNumber(i) {
      if (!wantAddr || i < 3 || !ROAD_END.has(codePointAt(b, i - 3))) return;
      const s = startBefore(i);
      if (s < i - 3) address(s, adminAt(s) > 0, 0);
    },
    afterAsciiKeyword(kind, i) {
      const s = skipSeparators(i);
      if (kind === "name") nameAfterKeyword(s, 0.85);
      else address(s, adminAt(s) > 0, 0.3);
    },
    finish() {},
  };
}
