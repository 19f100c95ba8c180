/** Overlap resolution: of findings that overlap, the higher score wins, then the longer one. */
import type { PiFinding } from "./types.js";

function resolveCluster(cluster: PiFinding[], out: PiFinding[]): void {
  if (cluster.length === 1) {
    out.push(cluster[0]!);
    return;
  }
  const ranked = [...cluster].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PiFinding[] = [];
  for (const f of ranked) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  kept.sort((a, b) => a.start - b.start);
  for (const k of kept) out.push(k);
}

/** Sorts findings by start and drops every finding that overlaps a better one (linear in clusters). */
export function resolveOverlaps(fs: PiFinding[]): PiFinding[] {
  fs.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PiFinding[] = [];
  // A cluster is fs[from, i); most are one finding long and need no array of their own.
  let from = 0;
  let clusterEnd = -1;
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i]!;
    if (f.start >= clusterEnd && i > from) {
      if (i - from === 1) out.push(fs[from]!);
      else resolveCluster(fs.slice(from, i), out);
      from = i;
    }
    clusterEnd = Math.max(clusterEnd, f.end);
  }
  if (fs.length - from === 1) out.push(fs[from]!);
  else if (fs.length > from) resolveCluster(fs.slice(from), out);
  return out;
}
