#!/usr/bin/env node
// `npm run eval -- pi [--lines N] [--seed S]`: precision / recall / F1 of every PI detector on a
// generated labelled corpus (packages/core/src/detect/corpus.ts). A prediction counts only when its
// type and byte span equal the label's exactly.
import { DETECTOR_TYPES, generateLabelledLines, scanBytes } from "../packages/core/dist/index.js";

const [suite, ...rest] = process.argv.slice(2);
if (suite !== "pi") {
  console.error("usage: npm run eval -- pi [--lines N] [--seed S]");
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = rest.indexOf(name);
  return i >= 0 ? Number(rest[i + 1]) : dflt;
};
const nLines = opt("--lines", 50000);
const seed = opt("--seed", 7);
const lines = generateLabelledLines(nLines, seed);

const stats = new Map(DETECTOR_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
const parts = [];
const gold = [];
let offset = 0;
for (const line of lines) {
  for (const l of line.labels) {
    const start = offset + Buffer.byteLength(line.text.slice(0, l.start));
    gold.push({ type: l.type, start, end: start + Buffer.byteLength(line.text.slice(l.start, l.end)) });
  }
  parts.push(line.text);
  offset += Buffer.byteLength(line.text) + 1;
}
const bytes = Buffer.from(parts.join("\n") + "\n");
const t0 = performance.now();
const found = scanBytes(bytes);
const ms = performance.now() - t0;

const key = (f) => `${f.type}:${f.start}:${f.end}`;
const goldKeys = new Set(gold.map(key));
const foundKeys = new Set(found.map(key));
for (const f of found) stats.get(f.type)[goldKeys.has(key(f)) ? "tp" : "fp"]++;
for (const g of gold) if (!foundKeys.has(key(g))) stats.get(g.type).fn++;

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : "  -  ");
console.log(`pi eval: ${nLines} lines (seed ${seed}), ${gold.length} labelled values, ${(bytes.length / 1e6).toFixed(1)} MB scanned in ${ms.toFixed(0)} ms`);
console.log("type               support    tp    fp    fn  precision  recall     f1");
const summary = {};
for (const [type, s] of stats) {
  const p = s.tp / (s.tp + s.fp);
  const r = s.tp / (s.tp + s.fn);
  const f1 = (2 * p * r) / (p + r);
  summary[type] = { precision: Number(fmt(p)), recall: Number(fmt(r)), f1: Number(fmt(f1)) };
  console.log(
    `${type.padEnd(18)} ${String(s.tp + s.fn).padStart(7)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}  ${fmt(p).padStart(9)} ${fmt(r).padStart(7)} ${fmt(f1).padStart(6)}`,
  );
}
console.log(JSON.stringify({ eval: "pi", lines: nLines, seed, summary }));
