/**
 * A fixed-window request limit per key (client address + app) kept in memory: the widget's public
 * endpoints are reachable by anyone, so one address cannot flood the ledger or probe tokens. With
 * several instances each enforces its own window, which bounds the total at instances × limit.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a hit; returns the seconds to wait when over the limit, or 0 when allowed. */
  hit(key: string, nowMs: number): number {
    const cur = this.hits.get(key);
    if (!cur || nowMs - cur.windowStart >= this.windowMs) {
      if (this.hits.size >= 50_000) this.hits.clear();
      this.hits.set(key, { windowStart: nowMs, count: 1 });
      return 0;
    }
    cur.count += 1;
    if (cur.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((cur.windowStart + this.windowMs - nowMs) / 1000));
  }
}
