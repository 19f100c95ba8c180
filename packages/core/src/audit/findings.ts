import type { RuleId, Severity } from "./rules.js";
import { ruleMeta } from "./rules.js";
import type { Party } from "./trace.js";

/** One finding of the audit report (spec "Audit result"). */
export interface Finding {
  ruleId: RuleId;
  label: string;
  item: string | null;
  severity: Severity;
  party?: Party;
  sdkId?: string;
  piTypes: string[];
  /** seq numbers of the events that prove it (capped; `evidenceCount` is the full count). */
  evidence: number[];
  evidenceCount: number;
  message: { zh: string; en: string };
}

/** An open finding while the pass runs; messages are written when it closes. */
export interface OpenFinding {
  ruleId: RuleId;
  party?: Party;
  sdkId?: string;
  piTypes: Set<string>;
  evidence: number[];
  count: number;
  item?: string | null;
  severity?: Severity;
  /** Rule-specific facts the message uses (permission names, host, clicks …). */
  detail: Record<string, string | number>;
}

/** Collects findings grouped by rule and key, with capped evidence (one map per rule: no key strings built per event). */
export class FindingSink {
  private readonly byRule = new Map<RuleId, Map<string, OpenFinding>>();
  constructor(private readonly maxEvidence: number) {}

  /** Adds evidence to the finding of `ruleId` grouped under `key` (created on first use with `init`). */
  add(ruleId: RuleId, key: string, seqs: readonly number[], init?: Partial<OpenFinding>): OpenFinding {
    let m = this.byRule.get(ruleId);
    if (!m) {
      m = new Map();
      this.byRule.set(ruleId, m);
    }
    let f = m.get(key);
    if (!f) {
      f = { ruleId, piTypes: new Set(), evidence: [], count: 0, detail: {}, ...init };
      m.set(key, f);
    }
    for (const s of seqs) {
      f.count++;
      if (f.evidence.length < this.maxEvidence) f.evidence.push(s);
    }
    return f;
  }

  /** Every open finding. */
  *all(): IterableIterator<OpenFinding> {
    for (const m of this.byRule.values()) yield* m.values();
  }

  /** True when some finding exists for the rule. */
  has(ruleId: RuleId): boolean {
    return (this.byRule.get(ruleId)?.size ?? 0) > 0;
  }
}

/** Closes an open finding into the report shape with its label, item and message. */
export function closeFinding(f: OpenFinding, message: { zh: string; en: string }): Finding {
  const meta = ruleMeta(f.ruleId);
  const out: Finding = {
    ruleId: f.ruleId,
    label: meta.label,
    item: f.item === undefined ? meta.item : f.item,
    severity: f.severity ?? meta.severity,
    piTypes: [...f.piTypes].sort(),
    evidence: [...new Set(f.evidence)].sort((a, b) => a - b),
    evidenceCount: f.count,
    message,
  };
  if (f.party) out.party = f.party;
  if (f.sdkId) out.sdkId = f.sdkId;
  return out;
}
