/**
 * Differential test: the byte-level fast path must find exactly what a plain regex-per-type
 * reference finds over decoded strings, on a generated corpus, for the types the reference covers.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkResidentId, isValidIpv4, luhn } from "./checksums.js";
import { hasKeyword, windowStart } from "./context.js";
import { generateLabelledLines, rng } from "./corpus.js";
import { isAreaCode, isCardIssuer, MOBILE_SEGMENTS } from "./data/codes.js";
import { scanBytes, scanBytesThorough } from "./scan-bytes.js";
import type { DetectorType } from "./types.js";
import { encodeUtf8 } from "./utf8.js";

type Hit = { type: DetectorType; start: number; end: number };

const W = "0-9A-Za-z_";
const REFERENCE: [DetectorType, RegExp, (m: RegExpExecArray) => boolean][] = [
  ["cn_resident_id", new RegExp(`(?<![${W}])\\d{6}[ -]?\\d{8}[ -]?\\d{3}[0-9Xx](?![${W}])`, "g"), (m) => checkResidentId(strip(m[0]).toUpperCase()).checksum],
  ["cn_mobile", new RegExp(`(?<![${W}])(?:\\+?(?:86|0086)[ -]?)?(1\\d{2})[ -]?\\d{4}[ -]?\\d{4}(?![${W}])`, "g"), (m) => MOBILE_SEGMENTS.has(m[1]!)],
  ["bank_card", new RegExp(`(?<![${W}])\\d{4}(?:[ -]?\\d{4}){3}(?:[ -]?\\d{3})?(?![${W}])`, "g"), (m) => isCardIssuer(strip(m[0])) && luhn(strip(m[0]))],
  ["email", /(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g, () => true],
  ["ipv4", /(?<![0-9.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9.])/g, (m) => isValidIpv4(m[0])],
  [
    "mac_address",
    /(?<![0-9A-Za-z])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Za-z:-])/g,
    (m) => !/^(00[:-]?){5}00$|^(ff[:-]?){5}ff$/i.test(m[0]),
  ],
  ["cn_landline", new RegExp(`(?<![${W}])(0\\d{2,3})-([2-9]\\d{6,7})(?![${W}])`, "g"), (m) => isAreaCode(m[1]!)],
];

function strip(s: string): string {
  return s.replace(/[ +-]/g, "").replace(/^(0086|86)(?=1\d{10}$)/, "");
}

const fullWidthToAscii = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** The reference: one regex per type over the decoded line; byte offsets from UTF-8 lengths. */
function reference(text: string, base: number, bytes: Uint8Array): Hit[] {
  const norm = fullWidthToAscii(text);
  const hits: Hit[] = [];
  for (const [type, rx, valid] of REFERENCE) {
    rx.lastIndex = 0;
    for (let m = rx.exec(norm); m; m = rx.exec(norm)) {
      if (!valid(m)) continue;
      const start = base + encodeUtf8(text.slice(0, m.index)).length;
      const end = start + encodeUtf8(text.slice(m.index, m.index + m[0].length)).length;
      if (hasKeyword("negative", bytes, windowStart(bytes, start), start)) continue;
      hits.push({ type, start, end });
    }
  }
  return hits;
}

describe("fast path versus the regex reference", () => {
  it("finds the same values at the same byte offsets on a generated corpus", () => {
    const g = rng(3);
    const lines = generateLabelledLines(6000, 99).map((l) => (g() < 0.2 ? `${l.text} 中文噪声 ${Math.floor(g() * 1e6)}` : l.text));
    const text = lines.join("\n");
    const bytes = encodeUtf8(text);
    const expected: Hit[] = [];
    let base = 0;
    for (const line of lines) {
      expected.push(...reference(line, base, bytes));
      base += encodeUtf8(line).length + 1;
    }
    const types = new Set(REFERENCE.map(([t]) => t));
    const got = scanBytes(bytes, { types }).map((f) => ({ type: f.type, start: f.start, end: f.end }));
    const key = (h: Hit) => `${h.type}@${h.start}-${h.end}`;
    const exp = new Set(expected.map(key));
    const act = new Set(got.map(key));
    const missing = [...exp].filter((k) => !act.has(k));
    const extra = [...act].filter((k) => !exp.has(k));
    assert.ok(expected.length > 1000, "the corpus exercises the reference");
    assert.deepEqual({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }, { missing: [], extra: [] });
  });
});

describe("fast path shortcuts versus the thorough path", () => {
  // Fragments chosen to sit on the edges of the shortcuts: ISO timestamps in every shape and glued to
  // values, hex trace ids of every length, tokens next to WeChat / plate / door-number context,
  // digit groups joined by spaces, full-width digits, `(7)` after an HK ID.
  const g = rng(11);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(g() * a.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(g() * 16)]).join("");
  const alnum = (n: number) => Array.from({ length: n }, () => "ABCDEFGHJKLMNPQRSTUVWXYZabcdefxyz0123456789_-"[Math.floor(g() * 45)]).join("");
  const values = generateLabelledLines(400, 5).flatMap((l) => l.labels.map((x) => l.text.slice(x.start, x.end)));
  const fragments: (() => string)[] = [
    () =>
      `${pick(["1990", "2024"])}-05-0${1 + Math.floor(g() * 9)}${pick(["T", "T", " ", "t"])}${pick(["08", "23"])}:${pick(["00", "59"])}${pick(["", ":00", ":00.123", ":07.5", ":00.123456", ":00.1234567890"])}${pick(["", "Z", "+08:00", "-0530", "+08"])}`,
    () => hex(1 + Math.floor(g() * 24)),
    () => alnum(1 + Math.floor(g() * 22)),
    () => pick(values),
    () =>
      pick([
        "wx",
        "微信",
        "WeChat:",
        "微信号",
        "车牌",
        "京",
        "粤",
        "沪",
        "号",
        "(7)",
        "(A)",
        "出生",
        "出生日期 ",
        "birth=",
        "qq",
        "order",
        "trace",
        "name",
        "address=",
        "地址",
      ]),
    () => pick(["１３８", "０", "Ｘ", "x", "X"]),
    () => `${Math.floor(g() * 1e4)}`,
    () => pick(["order-service", "user-center", "api/v2/items", "wx_abc123", "a1b2c3d4", "E12345678", "G1234567", "A123456"]),
  ];
  const seps = ["", "", " ", " ", "=", ":", ",", "，", "。", "-", "/", "_", ".", "@", "\n", "号", "中", "(", ")", "\t"];
  const lines: string[] = [];
  for (let i = 0; i < 20000; i++) {
    let line = "";
    const parts = 1 + Math.floor(g() * 7);
    for (let p = 0; p < parts; p++) line += pick(fragments)() + pick(seps);
    lines.push(line);
  }
  const bytes = encodeUtf8(lines.join("\n"));

  for (const [label, opts] of [
    ["all types", {}],
    [
      "structured types",
      { types: new Set(REFERENCE.map(([t]) => t).concat(["wechat_id", "cn_passport", "hk_id", "cn_license_plate", "birth_date", "qq_number"])) },
    ],
    ["every score", { minScore: 0 }],
    ["a WeChat column", { fieldName: "wechat" }],
  ] as const) {
    it(`finds the same with and without shortcuts (${label})`, () => {
      const fast = scanBytes(bytes, opts);
      const thorough = scanBytesThorough(bytes, opts);
      assert.ok(thorough.length > 500, "the corpus exercises the scanner");
      assert.deepEqual(fast, thorough);
    });
  }
});
