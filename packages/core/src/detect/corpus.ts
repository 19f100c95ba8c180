/**
 * A seeded generator of labelled text for tests, the evaluation (`npm run eval -- pi`) and the
 * benchmark: valid values of every type written in the ways people write them (separators,
 * full-width digits, a lower-case x), inside Chinese and English sentences, next to hard negatives
 * (order and tracking numbers, timestamps, versions, words that begin with a surname character).
 */
import { luhn, residentIdCheckChar, usccCheckChar } from "./checksums.js";
import { PREFECTURES, PROVINCES } from "./data/admin-divisions.js";
import { MOBILE_SEGMENTS, SAMPLE_BINS } from "./data/codes.js";
import { COMPOUND_SURNAMES, GIVEN_NAME_CHARS, SINGLE_SURNAMES } from "./data/surnames.js";
import type { DetectorType } from "./types.js";

/** A labelled span in a generated line (UTF-16 string offsets). */
export interface Label {
  readonly type: DetectorType;
  readonly start: number;
  readonly end: number;
}

/** One generated line and its labels. */
export interface LabelledLine {
  readonly text: string;
  readonly labels: Label[];
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ["110101", "110105", "310104", "440305", "440106", "330106", "510107", "420102", "320102", "370102", "610113", "500103", "350203", "810000"];
const AREA_CODES = ["010", "021", "022", "020", "0755", "0571", "028", "027", "0512", "0991"];
const SEGMENTS = [...MOBILE_SEGMENTS];
const DOMAINS = ["example.com", "qq.com", "163.com", "corp.example.cn", "mail.example.org"];
const ROADS = ["建国路", "人民路", "科技园路", "中山大道", "解放街", "长江路", "学院路", "南京东路"];
const DISTRICTS = ["朝阳区", "南山区", "海淀区", "天河区", "西湖区", "武侯区", "浦东新区", "鼓楼区"];
const TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

/** Generators of one valid value per type. */
export class ValueGen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  digits(n: number, first = "0123456789"): string {
    let s = first[this.int(first.length)]!;
    for (let i = 1; i < n; i++) s += String(this.int(10));
    return s;
  }
  residentId(): string {
    const region = this.pick(REGIONS);
    const y = 1950 + this.int(56);
    const m = 1 + this.int(12);
    const d = 1 + this.int(28);
    const s17 = `${region}${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}${this.digits(3)}`;
    return s17 + residentIdCheckChar(s17);
  }
  mobile(): string {
    return this.pick(SEGMENTS) + this.digits(8);
  }
  landline(): string {
    return `${this.pick(AREA_CODES)}-${this.digits(8, "2345678")}`;
  }
  card(): string {
    const len = this.r() < 0.7 ? 16 : 19;
    let s = this.pick(SAMPLE_BINS) + this.digits(len - 7);
    for (let c = 0; c < 10; c++) if (luhn(s + c)) return s + c;
    s += "0";
    return s;
  }
  email(): string {
    return `${this.pick(["li.wei", "zhang_san", "user", "wangfang88", "j.smith", "test+tag"])}${this.int(1000)}@${this.pick(DOMAINS)}`;
  }
  hkId(): string {
    const letter = String.fromCharCode(65 + this.int(26));
    const digits = this.digits(6);
    let sum = 36 * 9 + (letter.charCodeAt(0) - 55) * 8;
    for (let i = 0; i < 6; i++) sum += Number(digits[i]) * (7 - i);
    const rem = (11 - (sum % 11)) % 11;
    return `${letter}${digits}(${rem === 10 ? "A" : rem})`;
  }
  twId(): string {
    const li = this.int(26);
    const body = this.pick(["1", "2"]) + this.digits(7);
    const n = li + 10;
    const w = [8, 7, 6, 5, 4, 3, 2, 1];
    let sum = Math.floor(n / 10) + (n % 10) * 9;
    for (let i = 0; i < 8; i++) sum += Number(body[i]) * w[i]!;
    return TW_LETTERS[li]! + body + String((10 - (sum % 10)) % 10);
  }
  uscc(): string {
    const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let s = `91${this.pick(REGIONS.slice(0, 13))}`;
    for (let i = 0; i < 9; i++) s += chars[this.int(i < 2 ? 10 : 31)]!;
    return s + usccCheckChar(s);
  }
  plate(): string {
    const p = this.pick([..."京沪粤浙苏川鄂"]);
    const l = this.pick([..."ABCDEFGHJK"]);
    return this.r() < 0.3 ? `${p}${l}D${this.digits(5)}` : `${p}${l}${this.digits(5)}`;
  }
  ipv4(): string {
    return `${10 + this.int(200)}.${this.int(256)}.${this.int(256)}.${1 + this.int(254)}`;
  }
  ipv6(): string {
    const g = () => this.int(65536).toString(16);
    return this.r() < 0.5 ? `2001:db8:${g()}:${g()}::${g()}` : `fe80:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`;
  }
  mac(): string {
    const h = () => (1 + this.int(254)).toString(16).padStart(2, "0").toUpperCase();
    return [h(), h(), h(), h(), h(), h()].join(this.r() < 0.7 ? ":" : "-");
  }
  imei(): string {
    const s = `35${this.digits(12)}`;
    for (let c = 0; c < 10; c++) if (luhn(s + c)) return s + c;
    return `${s}0`;
  }
  name(): string {
    const compound = this.r() < 0.08;
    const sur = compound ? this.pick(COMPOUND_SURNAMES) : this.pick([...SINGLE_SURNAMES.slice(0, 120)]);
    const given = this.r() < 0.6 ? 2 : 1;
    let s = sur;
    for (let i = 0; i < given; i++) s += this.pick([...GIVEN_NAME_CHARS]);
    return s;
  }
  address(): string {
    const prov = this.pick(PROVINCES.slice(4, 31));
    const city = this.pick(PREFECTURES);
    const head = this.r() < 0.5 ? `${prov}省${city}市` : `${city}市`;
    const tail = this.r() < 0.5 ? `${1 + this.int(30)}栋${1 + this.int(30)}0${1 + this.int(9)}室` : "";
    return `${head}${this.pick(DISTRICTS)}${this.pick(ROADS)}${1 + this.int(300)}号${tail}`;
  }
  birth(): string {
    const y = 1950 + this.int(56);
    const m = 1 + this.int(12);
    const d = 1 + this.int(28);
    return this.r() < 0.5 ? `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` : `${y}年${m}月${d}日`;
  }
}

const FW = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** Writes a digit string with separators / full-width digits, as people do. */
function styleDigits(g: ValueGen, v: string, groups: number[]): string {
  const x = g.r();
  if (x < 0.15) return FW(v);
  if (x < 0.45) {
    const sep = g.r() < 0.5 ? " " : "-";
    const parts: string[] = [];
    let i = 0;
    for (const n of groups) {
      parts.push(v.slice(i, i + n));
      i += n;
    }
    if (i < v.length) parts.push(v.slice(i));
    return parts.filter((p) => p.length > 0).join(sep);
  }
  return v;
}

type Template = [DetectorType, (g: ValueGen) => string, string[]];

const TEMPLATES: Template[] = [
  [
    "cn_resident_id",
    (g) => {
      const v = g.residentId();
      return g.r() < 0.3 ? v.toLowerCase() : styleDigits(g, v, [6, 8, 4]);
    },
    ["身份证号：{}", "id_card={}", "用户{}已实名", "证件号码 {} 已核验"],
  ],
  [
    "cn_mobile",
    (g) => {
      const v = styleDigits(g, g.mobile(), [3, 4, 4]);
      return g.r() < 0.1 ? `+86 ${v}` : v;
    },
    ["手机：{}", "mobile={}", "请拨打{}联系", "sms sent to {} ok", "联系电话{}"],
  ],
  ["cn_landline", (g) => g.landline(), ["座机 {}", "tel: {}", "办公电话{}转人工"]],
  ["bank_card", (g) => styleDigits(g, g.card(), [4, 4, 4, 4]), ["卡号 {}", "card_no={}", "银行卡{}已绑定", "refund to {} done"]],
  ["email", (g) => g.email(), ["邮箱 {}", "email={}", "发送至{}", "contact <{}> asap"]],
  ["cn_passport", (g) => `E${g.digits(8)}`, ["护照号码：{}", "passport {}"]],
  ["cn_travel_permit", (g) => `C${g.digits(8)}`, ["港澳通行证 {}", "往来港澳通行证号{}"]],
  ["hk_id", (g) => g.hkId(), ["香港身份证 {}", "HKID {}"]],
  ["tw_id", (g) => g.twId(), ["台湾身份证 {}", "身分證 {}"]],
  ["cn_uscc", (g) => g.uscc(), ["统一社会信用代码：{}", "uscc={}"]],
  ["cn_license_plate", (g) => g.plate(), ["车牌{}违章", "车牌号 {}", "车辆{}已入场"]],
  ["ipv4", (g) => g.ipv4(), ["client ip {} connected", "来源IP:{}", "from {}:443"]],
  ["ipv6", (g) => g.ipv6(), ["ip6 {} up", "来源地址 {} "]],
  ["mac_address", (g) => g.mac(), ["mac {}", "设备MAC:{}"]],
  ["imei", (g) => g.imei(), ["IMEI: {}", "设备IMEI {}"]],
  ["qq_number", (g) => g.digits(5 + g.int(6), "123456789"), ["QQ: {}", "qq号{}"]],
  ["wechat_id", (g) => `wx_${g.digits(6)}${g.pick(["abc", "li", "z"])}`, ["微信：{}", "wechat={}"]],
  ["person_name", (g) => g.name(), ["姓名：{}，", "联系人{}电话", "收件人：{} ", "{}先生您好", "{}女士，", "name: {},"]],
  // Hard positives: no keyword or title next to the name, so the detector is expected to miss some.
  ["person_name", (g) => g.name(), ["我叫{}。", "由{}负责跟进"]],
  ["cn_address", (g) => `${g.pick(DISTRICTS)}${g.pick(ROADS)}${1 + g.int(300)}号`, ["送到{}。", "在{}门口等"]],
  ["cn_address", (g) => g.address(), ["地址：{}，", "收货地址 {}。", "寄往{}，", "住址:{}；"]],
  ["birth_date", (g) => g.birth(), ["出生日期：{}", "生日 {}", "dob={}"]],
];

const NEGATIVES: ((g: ValueGen) => string)[] = [
  (g) => `订单号 ${g.digits(18 + g.int(3), "123456789")} 已发货`,
  (g) => `order_id=${g.digits(16, "456")} status=paid`,
  (g) => `运单号 SF${g.digits(12)} 派送中`,
  (g) => `tracking YT${g.digits(13)}`,
  (g) => `ts=${1600000000000 + g.int(100000000000)} latency=${g.int(900)}ms`,
  (g) => `2023-${String(1 + g.int(12)).padStart(2, "0")}-${String(1 + g.int(28)).padStart(2, "0")} 12:${10 + g.int(49)}:${10 + g.int(49)} INFO request done`,
  (g) => `version ${g.int(10)}.${g.int(20)}.${g.int(30)}.${g.int(100)} released`,
  (g) => `v${g.int(5)}.${g.int(20)}.${g.int(10)} build ${g.digits(6)}`,
  (g) =>
    g.pick([
      "王国的历史很长",
      "张开双臂欢迎大家",
      "高兴地说了一句",
      "黄金价格上涨了",
      "林业部门发布通知",
      "周末一起去爬山",
      "马上就到",
      "金额合计",
      "白天和黑夜",
      "明天再说",
    ]),
  (g) => `金额 ${g.digits(5)}.${g.digits(2)} 元，数量 ${g.int(100)}`,
  (g) => `第${g.digits(5, "123456789")}期 共${g.int(1000)}人`,
  (g) => `trace ${g.digits(8)}-${g.digits(4)}-${g.digits(4)}-${g.digits(12)}`,
  (g) => `sha ${[...Array(40)].map(() => "0123456789abcdef"[g.int(16)]).join("")}`,
  (g) => `商品编码 ${g.digits(13, "6")} 库存${g.int(99)}`,
];

/** Generates `n` labelled lines (about a third negatives), deterministic for a seed. */
export function generateLabelledLines(n: number, seed = 1): LabelledLine[] {
  const g = new ValueGen(rng(seed));
  const lines: LabelledLine[] = [];
  for (let i = 0; i < n; i++) {
    if (g.r() < 0.35) {
      lines.push({ text: g.pick(NEGATIVES)(g), labels: [] });
      continue;
    }
    const [type, make, forms] = g.pick(TEMPLATES);
    const value = make(g);
    const form = g.pick(forms);
    const at = form.indexOf("{}");
    const prefix = g.r() < 0.3 ? g.pick(["[INFO] ", "2024-05-01T08:00:00Z ", "用户反馈：", "note: "]) : "";
    const text = prefix + form.slice(0, at) + value + form.slice(at + 2);
    const start = prefix.length + at;
    lines.push({ text, labels: [{ type, start, end: start + value.length }] });
  }
  return lines;
}
