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
  let cluster: PiFinding[] = [];
  let clusterEnd = -1;
  for (const f of fs) {
    if (f.start >= clusterEnd && cluster.length > 0) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(f);
    clusterEnd = Math.max(clusterEnd, f.end);
  }
  if (cluster.length > 0) resolveCluster(cluster, out);
  return out;
}
