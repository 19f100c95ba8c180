/**
 * Context keywords: a keyword in the few characters before a value (or the column name / JSON key
 * it came from) raises its score; an order/tracking/version keyword lowers it.
 */
import type { DetectorType } from "./types.js";
import { encodeUtf8 } from "./utf8.js";

const KEYWORDS: Partial<Record<DetectorType | "negative", string>> = {
  cn_resident_id: "身份证 证件号 公民身份 居民身份 居住证 idcard id_card id_no idno identity 证件",
  cn_mobile: "手机 电话 联系方式 mobile phone tel cell 联系 号码 致电",
  cn_landline: "电话 座机 固话 tel phone 传真 fax 联系",
  bank_card: "卡号 银行卡 信用卡 借记卡 储蓄卡 账号 帐号 card account acct 开户 收款",
  email: "邮箱 email mail",
  cn_passport: "护照 passport",
  cn_travel_permit: "通行证 回乡证 台胞证 港澳 台湾 permit 往来",
  hk_id: "香港身份证 hkid 身份证 hong kong",
  tw_id: "台湾身份证 身分證 身分证 taiwan 身份证",
  cn_uscc: "统一社会信用代码 信用代码 uscc 营业执照 税号",
  cn_license_plate: "车牌 车辆 牌照 plate 车",
  imei: "imei 设备号 串号 设备",
  qq_number: "qq",
  wechat_id: "微信 wechat weixin wx",
  birth_date: "出生 生日 birth dob 生于 出生日期",
  ipv4: "ip 地址 addr host",
  ipv6: "ip 地址 addr host",
  mac_address: "mac 物理地址",
  cn_address: "地址 住址 住所 居住 收货 address addr 户籍 家庭 寄送 送达",
  person_name: "姓名 名字 联系人 收件人 收货人 客户 name 持卡人 户名",
  negative: "订单 单号 order 流水 交易号 tracking 运单 快递 物流 版本 version ver 序列 serial 编码 txn trace 批次 sku 商品",
};

function lowerBytes(s: string): Uint8Array {
  return encodeUtf8(s.toLowerCase());
}

interface KeywordTable {
  /** 1 for every byte (either case) that starts a keyword: the scan loops test only this. */
  readonly first: Uint8Array;
  /** Keywords by their first (lower-cased) byte; an empty slot means no keyword starts there. */
  readonly byFirst: (Uint8Array[] | undefined)[];
}

const TABLES = new Map<string, KeywordTable>();
for (const [k, v] of Object.entries(KEYWORDS)) {
  const byFirst: (Uint8Array[] | undefined)[] = new Array(256).fill(undefined);
  const first = new Uint8Array(256);
  for (const kw of v.split(" ").map(lowerBytes)) {
    const list = byFirst[kw[0]!] ?? [];
    list.push(kw);
    byFirst[kw[0]!] = list;
    first[kw[0]!] = 1;
    if (kw[0]! >= 97 && kw[0]! <= 122) first[kw[0]! - 32] = 1;
  }
  TABLES.set(k, { first, byFirst });
}

/** Bytes of context looked at before a value (about 13 CJK characters). */
export const CONTEXT_WINDOW = 40;

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Start of the context window before `start`: at most CONTEXT_WINDOW bytes, never across a newline. */
export function windowStart(b: Uint8Array, start: number): number {
  const from = Math.max(0, start - CONTEXT_WINDOW);
  for (let i = start - 1; i >= from; i--) if (b[i] === 10) return i + 1;
  return from;
}

function matchesAt(t: KeywordTable, b: Uint8Array, i: number, to: number): boolean {
  const list = t.byFirst[lower(b[i]!)]!;
  for (const kw of list) {
    const n = kw.length;
    if (i + n > to) continue;
    let j = 1;
    while (j < n && lower(b[i + j]!) === kw[j]) j++;
    if (j === n) return true;
  }
  return false;
}

/** True when a keyword of `kind` sits in b[from, to): one pass over the window, first-byte dispatch. */
export function hasKeyword(kind: DetectorType | "negative", b: Uint8Array, from: number, to: number): boolean {
  const t = TABLES.get(kind);
  if (!t) return false;
  const first = t.first;
  for (let i = from; i < to; i++) if (first[b[i]!] === 1 && matchesAt(t, b, i, to)) return true;
  return false;
}

/**
 * hasKeyword(kind, b, windowStart(b, start), start) in one backward pass: the same window (at most
 * CONTEXT_WINDOW bytes, not across a newline), for the scanner's hot paths.
 */
export function hasKeywordBefore(kind: DetectorType | "negative", b: Uint8Array, start: number): boolean {
  const t = TABLES.get(kind);
  if (!t) return false;
  const first = t.first;
  const from = Math.max(0, start - CONTEXT_WINDOW);
  for (let i = start - 1; i >= from; i--) {
    const c = b[i]!;
    if (c === 10) return false;
    if (first[c] === 1 && matchesAt(t, b, i, start)) return true;
  }
  return false;
}

/** True when a field name (column, JSON key) names `kind`. */
export function fieldNameMatches(kind: DetectorType | "negative", field: string | undefined): boolean {
  if (!field) return false;
  const f = lowerBytes(field);
  return hasKeyword(kind, f, 0, f.length) || (kind === "cn_mobile" && /mobile|phone|手机/.test(field.toLowerCase()));
}
