import { DomainError } from "../errors.js";
import type { AppType } from "../taxonomy/app-types.js";
import { IDENTIFICATION_ITEMS } from "./data/identification-method.js";
import { type DeclaredSdk, indexWithDeclared, type PassState, runPass } from "./engine.js";
import { closeFinding, type Finding } from "./findings.js";
import { messageFor } from "./messages.js";
import { isLowRelevancePermission, resolveAppType } from "./necessity.js";
import { parseTrace } from "./parse-trace.js";
import { extractDisclosure, type PolicyDisclosure, piTypesFromText, sdkIdsNamedIn } from "./policy/extract.js";
import { lintPolicy, type PolicyLintResult } from "./policy/lint.js";
import { type AuditThresholds, DEFAULT_THRESHOLDS, RULES, type RuleId } from "./rules.js";
import type { TraceApp, TraceWarning } from "./trace.js";

export type CheckStatus = "pass" | "fail" | "not_applicable" | "needs_evidence";

/** Report of one session (schemaVersion pipguard-audit/1, shared/specs/pi-trace.md "Audit result"). */
export interface AuditReport {
  schemaVersion: "pipguard-audit/1";
  app: { name?: string; packageName?: string; version?: string; appType?: string; developer?: string; source?: string };
  session: { id?: string; events: number; startedAt?: string };
  thresholds: AuditThresholds;
  findings: Finding[];
  /** `itemVerified: false` when the Identification Method item's wording was not checked against the official text. */
  checks: { ruleId: RuleId; label: string; item: string | null; itemVerified: boolean | null; status: CheckStatus }[];
  /** How the policy discloses each collected piType: clear / vague / omitted / incorrect. */
  disclosure?: Record<string, "clear" | "vague" | "omitted" | "incorrect">;
  /** `signatureVerified: false` when the SDK's signature row (hosts, piTypes) was not re-checked against the vendor. */
  sdks: { sdkId: string; piTypes: string[]; declared: boolean | null; signatureVerified: boolean }[];
  manifest?: { permissions: string[]; lowRelevance: string[]; requestedNotDeclared: string[] };
  policyLint?: PolicyLintResult;
  warnings: TraceWarning[];
}

/** Inputs of one audit besides the trace document. */
export interface AuditInput {
  trace: unknown;
  /** Chinese name, id or number of one of the 39 app types; overrides session.app.appType. */
  appType?: string;
  policy?: string;
  sdkList?: DeclaredSdk[];
  manifestPermissions?: string[];
  thresholds?: Partial<AuditThresholds>;
}

/** Audits one session: validates the trace (INVALID_TRACE stops everything), runs the pass, closes every rule. */
export function auditApp(input: AuditInput): AuditReport {
  const { trace, warnings } = parseTrace(input.trace);
  const typeName = input.appType ?? trace.session.app.appType;
  const appType = resolveAppType(typeName);
  if (typeName && !appType)
    throw new DomainError("UNKNOWN_APP_TYPE", "app type is not one of the 39 types of the 2021 necessary-PI rules", { field: "appType" });
  const thresholds: AuditThresholds = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  const policy = input.policy === undefined ? undefined : extractDisclosure(input.policy);
  const declared = input.sdkList ?? [];
  const index = indexWithDeclared(declared);
  const st = runPass(trace, { thresholds, appType, declaredSdks: declared, policy }, index);
  const declaredIds = declaredSdkIds(declared, index, policy, input.sdkList !== undefined);
  const sdkDecided = input.sdkList !== undefined || policy !== undefined;
  closePolicyRules(st, policy, declared, declaredIds, index, sdkDecided, thresholds);

  const findings: Finding[] = [];
  for (const f of st.sink.all()) findings.push(closeFinding(f, messageFor(f)));
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  findings.sort((a, b) => (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0) || (a.evidence[0] ?? 0) - (b.evidence[0] ?? 0));
  const failed = new Set(findings.map((f) => f.ruleId));
  const checks = RULES.map((r) => ({
    ruleId: r.id,
    label: r.label,
    item: r.item,
    itemVerified: r.item ? (IDENTIFICATION_ITEMS[r.item]?.verified ?? false) : null,
    status: failed.has(r.id) ? ("fail" as const) : statusWhenClean(r.id, st, appType, policy, sdkDecided),
  }));

  const app = trace.session.app;
  const report: AuditReport = {
    schemaVersion: "pipguard-audit/1",
    app: { ...pick(app), ...(appType ? { appType: appType.zh } : {}) },
    session: {
      events: trace.events.length,
      ...(trace.session.id ? { id: trace.session.id } : {}),
      ...(trace.session.startedAt ? { startedAt: trace.session.startedAt } : {}),
    },
    thresholds,
    findings,
    checks,
    sdks: [...st.sdkObserved].map(([sdkId, o]) => ({
      sdkId,
      piTypes: [...o.piTypes.keys()].sort(),
      declared: sdkDecided ? declaredIds.has(sdkId) : null,
      signatureVerified: index.byId.get(sdkId)?.verified ?? false,
    })),
    warnings,
  };
  if (policy) report.disclosure = disclosureOf(st, policy);
  if (input.policy !== undefined) report.policyLint = lintPolicy(input.policy);
  if (input.manifestPermissions) report.manifest = manifestInfo(input.manifestPermissions, st, appType, warnings);
  return report;
}

function pick(app: TraceApp): AuditReport["app"] {
  const out: Record<string, string> = {};
  for (const k of ["name", "packageName", "version", "appType", "developer", "source"] as const) {
    const v = app[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** SDK ids the declared list (or, without one, the policy) covers. */
function declaredSdkIds(
  declared: DeclaredSdk[],
  index: ReturnType<typeof indexWithDeclared>,
  policy: PolicyDisclosure | undefined,
  hasList: boolean,
): Set<string> {
  const ids = new Set<string>();
  for (const d of declared) for (const id of matchDeclared(d, index)) ids.add(id);
  if (!hasList && policy) for (const id of policy.sdkIds) ids.add(id);
  return ids;
}

function matchDeclared(d: DeclaredSdk, index: ReturnType<typeof indexWithDeclared>): string[] {
  const out: string[] = [];
  for (const sig of index.byId.values()) {
    const byPrefix = d.packagePrefixes.some((p) => sig.packagePrefixes.some((q) => p === q || p.startsWith(`${q}.`) || q.startsWith(`${p}.`)));
    const name = d.name.toLowerCase();
    // Without package prefixes, the usual short names count (a list row "友盟统计SDK" declares umeng).
    const byName =
      sig.id === name ||
      sig.id === `declared:${d.name}` ||
      sig.name.toLowerCase() === name ||
      (d.packagePrefixes.length === 0 && sdkIdsNamedIn(d.name).includes(sig.id));
    if (byPrefix || byName) out.push(sig.id);
  }
  return out;
}

function closePolicyRules(
  st: PassState,
  policy: PolicyDisclosure | undefined,
  declared: DeclaredSdk[],
  declaredIds: Set<string>,
  index: ReturnType<typeof indexWithDeclared>,
  sdkDecided: boolean,
  th: AuditThresholds,
): void {
  const sink = st.sink;
  if (policy) {
    for (const [piType, seqs] of st.collected) {
      const d = policy.piTypes[piType];
      if (!d) sink.add("undisclosed_collection", piType, seqs, { detail: { how: "omitted" } }).piTypes.add(piType);
      else if (d.status === "negated")
        sink
          .add("undisclosed_collection", piType, seqs, { item: "3.9", severity: "high", detail: { how: "incorrect", sentence: d.sentence } })
          .piTypes.add(piType);
      else if (d.status === "vague")
        sink.add("undisclosed_collection", piType, seqs, { severity: "low", detail: { how: "vague", sentence: d.sentence } }).piTypes.add(piType);
    }
  }
  if (sdkDecided) {
    for (const [sdkId, o] of st.sdkObserved) {
      if (!declaredIds.has(sdkId)) {
        const f = sink.add("undisclosed_sdk", sdkId, o.seqs, { party: "third", sdkId, detail: { how: "missing" } });
        for (const p of o.piTypes.keys()) f.piTypes.add(p);
        continue;
      }
      const entry = declared.find((d) => matchDeclared(d, index).includes(sdkId));
      if (!entry || entry.piTypes.length === 0) continue;
      const allowed = new Set(entry.piTypes.flatMap((x) => piTypesFromText(x)));
      const extra = [...o.piTypes].filter(([p]) => !allowed.has(p));
      if (extra.length > 0) {
        const f = sink.add(
          "undisclosed_sdk",
          sdkId,
          extra.map(([, seq]) => seq),
          { party: "third", sdkId, detail: { how: "underdeclared" } },
        );
        for (const [p] of extra) f.piTypes.add(p);
      }
    }
    for (const [host, h] of st.sharedHosts) {
      const coveredBySdk = h.sdkId !== undefined && declaredIds.has(h.sdkId);
      const coveredByPolicy = policy?.hosts.some((d) => host === d || host.endsWith(`.${d}`)) ?? false;
      const coveredByList = declared.some((d) => (d.hosts ?? []).some((x) => host === x || host.endsWith(`.${x}`)));
      if (!coveredBySdk && !coveredByPolicy && !coveredByList) {
        const f = sink.add("undisclosed_sharing", host, h.seqs, { party: "third", ...(h.sdkId ? { sdkId: h.sdkId } : {}), detail: { host } });
        for (const p of h.piTypes) f.piTypes.add(p);
      }
    }
  }
  closeUserPathRules(st, policy, th);
}

function firstTag(st: PassState, tag: string) {
  return st.tags.get(tag)?.[0];
}

function closeUserPathRules(st: PassState, policy: PolicyDisclosure | undefined, th: AuditThresholds): void {
  const sink = st.sink;
  // Identification Method 1.2: no first-run privacy dialog at all (no event carries it, so no evidence seq).
  if (!st.privacyDialogSeen) sink.add("consent_not_express", "no_dialog", [], { item: "1.2", detail: { why: "no_dialog" } });
  // no_withdraw_path: a path in the trace, or else one described in the policy (PIPL Art. 15).
  const tracePath = firstTag(st, "withdraw_path")?.seq ?? st.withdrawUiSeq;
  const noPathTag = firstTag(st, "no_withdraw_path");
  if (tracePath == null && ((policy && !policy.withdraw) || (!policy && noPathTag)))
    sink.add("no_withdraw_path", "all", noPathTag ? [noPathTag.seq] : [], { detail: { policy: policy ? "silent" : "not given" } });
  // account_deletion_hard: the tester's annotation decides, else the shallowest deletion screen, else the policy.
  const del = firstTag(st, "account_deletion_path");
  const noDel = firstTag(st, "no_account_deletion_path");
  const max = th.maxDeletionClicks;
  if (noDel) sink.add("account_deletion_hard", "none", [noDel.seq], { detail: { how: "none" } });
  else if (del?.clicks !== undefined) {
    if (del.clicks > max) sink.add("account_deletion_hard", "deep", [del.seq], { detail: { how: "deep", clicks: del.clicks } });
  } else if (st.deletionDepth) {
    if (st.deletionDepth.depth > max)
      sink.add("account_deletion_hard", "deep", [st.deletionDepth.seq], { detail: { how: "deep", clicks: st.deletionDepth.depth } });
  } else if (!del && policy && !policy.accountDeletion) sink.add("account_deletion_hard", "none", [], { detail: { how: "policy_silent" } });
  // policy_hard_to_access: Identification Method 1.3, more than 4 clicks from the main screen.
  const pol = firstTag(st, "policy_path");
  const noPol = firstTag(st, "no_policy_path");
  const clicks = pol?.clicks ?? st.policyLinkDepth?.depth;
  const seq = pol?.clicks !== undefined ? pol.seq : st.policyLinkDepth?.seq;
  if (noPol) sink.add("policy_hard_to_access", "none", [noPol.seq], { detail: { how: "none" } });
  else if (clicks !== undefined && clicks > th.maxPolicyClicks && seq !== undefined)
    sink.add("policy_hard_to_access", "deep", [seq], { detail: { how: "deep", clicks } });
  // forced_targeting: targeted push with no non-targeted option (Identification Method 3.6).
  const targetSeq = firstTag(st, "targeted_push")?.seq ?? st.personalizationSeq;
  const targeting = targetSeq != null || Boolean(policy?.targeting);
  const optOut = firstTag(st, "non_targeted_option") !== undefined || st.personalizationOptOutSeq !== null || Boolean(policy?.targetingOptOut);
  if (targeting && !optOut) sink.add("forced_targeting", "all", targetSeq != null ? [targetSeq] : [], { detail: { policy: policy?.targeting ?? "" } });
}

function statusWhenClean(id: RuleId, st: PassState, appType: AppType | undefined, policy: PolicyDisclosure | undefined, sdkDecided: boolean): CheckStatus {
  switch (id) {
    case "collect_after_refusal":
      return st.everRefused ? "pass" : "not_applicable";
    case "clipboard_read_unprompted":
      return st.anyClipboard ? "pass" : "not_applicable";
    case "permission_reprompt_48h":
    case "permission_exit_on_denial":
      return st.anyDenial ? "pass" : "not_applicable";
    case "permission_bundled":
    case "permission_before_consent":
      return st.anyPermissionRequest ? "pass" : "not_applicable";
    case "permission_not_necessary":
      if (!st.anyPermissionRequest) return "not_applicable";
      return appType ? "pass" : "needs_evidence";
    case "collect_excessive_frequency":
    case "collect_in_background":
      return st.anyPiCall ? "pass" : "not_applicable";
    case "collect_not_necessary":
      if (!st.anyPiCall) return "not_applicable";
      return appType ? "pass" : "needs_evidence";
    case "consent_not_express":
      // A converted trace may know the consent moment but not the dialog's buttons.
      return st.privacyDialogUi ? "pass" : "needs_evidence";
    case "immutable_device_id":
      return "pass";
    case "undisclosed_collection":
      if (st.collected.size === 0) return "not_applicable";
      return policy ? "pass" : "needs_evidence";
    case "undisclosed_sdk":
      if (st.sdkObserved.size === 0) return "not_applicable";
      return sdkDecided ? "pass" : "needs_evidence";
    case "undisclosed_sharing":
      if (!st.anyThirdPartyPiNetwork) return "not_applicable";
      return sdkDecided ? "pass" : "needs_evidence";
    case "plaintext_transfer":
      return st.anyPiNetwork ? "pass" : "not_applicable";
    case "self_start":
      return st.anyIntent ? "pass" : "not_applicable";
    case "no_withdraw_path":
      return firstTag(st, "withdraw_path") || st.withdrawUiSeq !== null || policy?.withdraw ? "pass" : "needs_evidence";
    case "account_deletion_hard":
      return firstTag(st, "account_deletion_path")?.clicks !== undefined || st.deletionDepth || policy?.accountDeletion ? "pass" : "needs_evidence";
    case "policy_hard_to_access":
      return firstTag(st, "policy_path")?.clicks !== undefined || st.policyLinkDepth ? "pass" : "needs_evidence";
    case "forced_targeting": {
      const targeting = firstTag(st, "targeted_push") || st.personalizationSeq !== null || policy?.targeting;
      return targeting ? "pass" : "not_applicable";
    }
    default:
      return "pass";
  }
}

function disclosureOf(st: PassState, policy: PolicyDisclosure): NonNullable<AuditReport["disclosure"]> {
  const out: NonNullable<AuditReport["disclosure"]> = {};
  for (const p of [...st.collected.keys()].sort()) {
    const d = policy.piTypes[p];
    out[p] = !d ? "omitted" : d.status === "negated" ? "incorrect" : d.status;
  }
  return out;
}

function manifestInfo(permissions: string[], st: PassState, appType: AppType | undefined, warnings: TraceWarning[]): NonNullable<AuditReport["manifest"]> {
  const declared = new Set(permissions);
  const requestedNotDeclared = [...st.requestedPermissions].filter((p) => !declared.has(p)).sort();
  for (const p of requestedNotDeclared) warnings.push({ seq: -1, field: "permissions", code: "undeclared_permission", value: p });
  const lowRelevance = appType ? permissions.filter((p) => isLowRelevancePermission(p, appType)) : [];
  return { permissions: [...declared].sort(), lowRelevance, requestedNotDeclared };
}
