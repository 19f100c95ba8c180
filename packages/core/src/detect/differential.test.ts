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
import { scanBytes } from "./scan-bytes.js";
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
