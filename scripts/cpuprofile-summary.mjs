// node scripts/cpuprofile-summary.mjs FILE.cpuprofile [--top N] [--filter SUBSTR] [--callers SUBSTR]
// Self and inclusive time per function (name + file:line) of a V8 .cpuprofile (node --cpu-prof),
// e.g. of the server under a benchmark (BENCH_SERVER_CPU_PROF=DIR, see bench/_server.mjs).
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) throw new Error("usage: cpuprofile-summary.mjs FILE.cpuprofile [--top N] [--filter SUBSTR]");
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const top = Number(opt("top", 40));
const filter = opt("filter", "");
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Sample weights: the time delta of each sample.
const selfUs = new Map();
for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\//, "").replace(process.cwd(), ".");
  return `${f.functionName || "(anonymous)"} ${url ? `${url}:${f.lineNumber + 1}` : ""}`.trim();
};
const self = new Map();
const incl = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  total += us;
  const n = byId.get(id);
  const l = label(n);
  self.set(l, (self.get(l) ?? 0) + us);
  // Inclusive: once per distinct label on the stack (recursion counted once).
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cl = label(byId.get(cur));
    if (seen.has(cl)) continue;
    seen.add(cl);
    incl.set(cl, (incl.get(cl) ?? 0) + us);
  }
}
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
const show = (title, m) => {
  console.log(`\n${title} (total ${(total / 1e6).toFixed(2)} s sampled)`);
  const rows = [...m].filter(([l]) => !filter || l.includes(filter)).sort((a, b) => b[1] - a[1]);
  for (const [l, us] of rows.slice(0, top)) console.log(`${pct(us)} ${(us / 1000).toFixed(0).padStart(7)} ms  ${l}`);
};
const callers = opt("callers", "");
if (callers) {
  // Who calls the functions matching SUBSTR: their self time by the chain of the 4 frames above them.
  const chains = new Map();
  for (const [id, us] of selfUs) {
    if (!label(byId.get(id)).includes(callers)) continue;
    const chain = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < 4; cur = parent.get(cur)) chain.push(label(byId.get(cur)));
    const k = chain.join(" < ");
    chains.set(k, (chains.get(k) ?? 0) + us);
  }
  show(`callers of ${callers}`, chains);
} else {
  show("self time", self);
  show("inclusive time", incl);
}
