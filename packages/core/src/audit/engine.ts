import type { AppType } from "../taxonomy/app-types.js";
import { attributeFrame, buildSdkIndex, decisiveFrame, type SdkIndex, sdkForHost } from "./attribution.js";
import { SDK_SIGNATURES, type SdkSignature } from "./data/sdk-signatures.js";
import { FindingSink } from "./findings.js";
import { isLowRelevancePermission, NECESSITY_JUDGED_TYPES, necessaryPiTypes } from "./necessity.js";
import type { PolicyDisclosure } from "./policy/extract.js";
import type { AuditThresholds } from "./rules.js";
import type { ApiCallEvent, Attribution, NetworkEvent, PermissionEvent, PiTrace } from "./trace.js";
import { IMMUTABLE_ID_TYPES, isPersonalPiType, permissionGroup } from "./vocab.js";

/** An entry of the app's declared SDK list (SDK清单). */
export interface DeclaredSdk {
  name: string;
  vendor?: string;
  purpose?: string;
  piTypes: string[];
  packagePrefixes: string[];
  hosts?: string[];
}

/** Everything the single pass found, before rules are closed into findings and checks. */
export interface PassState {
  sink: FindingSink;
  consentSeq: number | null;
  everRefused: boolean;
  privacyDialogSeen: boolean;
  /** The dialog itself was recorded as UI (so its buttons are known), not only as a consent event. */
  privacyDialogUi: boolean;
  anyDenial: boolean;
  anyPermissionRequest: boolean;
  anyPiCall: boolean;
  anyClipboard: boolean;
  anyPiNetwork: boolean;
  anyThirdPartyPiNetwork: boolean;
  anyIntent: boolean;
  anyImmutable: boolean;
  /** piType → seqs that collected it (all parties). */
  collected: Map<string, number[]>;
  /** third-party SDK id → piTypes it collected and where. */
  sdkObserved: Map<string, { piTypes: Map<string, number>; seqs: number[] }>;
  /** third-party hosts PI went to. */
  sharedHosts: Map<string, { sdkId?: string; seqs: number[]; piTypes: Set<string> }>;
  tags: Map<string, { seq: number; clicks?: number }[]>;
  policyLinkDepth: { seq: number; depth: number } | null;
  deletionDepth: { seq: number; depth: number } | null;
  withdrawUiSeq: number | null;
  personalizationSeq: number | null;
  personalizationOptOutSeq: number | null;
  requestedPermissions: Set<string>;
}

/** What the pass needs besides the trace. */
export interface PassOptions {
  thresholds: AuditThresholds;
  appType: AppType | undefined;
  declaredSdks: DeclaredSdk[];
  policy: PolicyDisclosure | undefined;
}

interface Resolved {
  a: Attribution;
  pk: string;
  init: { party: Attribution["party"]; sdkId?: string };
}

interface FreqState {
  times: number[];
  seqs: number[];
  head: number;
  reported: boolean;
}

/** Adds declared SDKs whose prefixes no built-in signature covers, so their frames attribute to them. */
export function indexWithDeclared(declared: readonly DeclaredSdk[]): SdkIndex {
  const extra: SdkSignature[] = [];
  for (const d of declared) {
    const known = d.packagePrefixes.every((p) => SDK_SIGNATURES.some((s) => s.packagePrefixes.some((q) => p === q || p.startsWith(`${q}.`))));
    if (!known && d.packagePrefixes.length > 0) {
      extra.push({
        id: `declared:${d.name}`,
        name: d.name,
        vendor: d.vendor ?? "",
        category: "analytics",
        packagePrefixes: d.packagePrefixes,
        hosts: d.hosts ?? [],
        knownPiTypes: d.piTypes,
        verified: false,
      });
    }
  }
  return buildSdkIndex([...SDK_SIGNATURES, ...extra]);
}

const CONSENT_ROLES = new Set(["agree_button", "refuse_button", "consent_checkbox", "privacy_dialog", "policy_link"]);

function mergeList(prev: string | number | undefined, add: readonly string[]): string {
  const set = new Set(prev === undefined || prev === "" ? [] : String(prev).split(", "));
  for (const a of add) set.add(a);
  return [...set].join(", ");
}

/** The one linear pass over the events: every rule keeps its own small state (spec "Performance"). */
export function runPass(trace: PiTrace, opts: PassOptions, index: SdkIndex): PassState {
  const th = opts.thresholds;
  const sink = new FindingSink(th.maxEvidence);
  const own = trace.session.app.packageName;
  const necessary = opts.appType ? necessaryPiTypes(opts.appType) : null;
  const hostCache = new Map<string, SdkSignature | null>();
  const hostSdk = (host: string): SdkSignature | undefined => {
    let sig = hostCache.get(host);
    if (sig === undefined) {
      sig = sdkForHost(host, index) ?? null;
      hostCache.set(host, sig);
    }
    return sig ?? undefined;
  };
  const st: PassState = {
    sink,
    consentSeq: null,
    everRefused: false,
    privacyDialogSeen: false,
    privacyDialogUi: false,
    anyDenial: false,
    anyPermissionRequest: false,
    anyPiCall: false,
    anyClipboard: false,
    anyPiNetwork: false,
    anyThirdPartyPiNetwork: false,
    anyIntent: false,
    anyImmutable: false,
    collected: new Map(),
    sdkObserved: new Map(),
    sharedHosts: new Map(),
    tags: new Map(),
    policyLinkDepth: null,
    deletionDepth: null,
    withdrawUiSeq: null,
    personalizationSeq: null,
    personalizationOptOutSeq: null,
    requestedPermissions: new Set(),
  };
  let refusedSeq: number | null = null; // refused/withdrawn and not yet re-agreed
  let dialogSeq: number | null = null;
  let refuseOptionSeen = false;
  let lastUserAction = Number.NEGATIVE_INFINITY;
  let background = false;
  let screenOff = false;
  let launches = 0;
  let pendingExit: { seq: number; t: number; key: string } | null = null;
  const denials = new Map<string, { seq: number; t: number; count: number }>();
  const freq = new Map<string, Map<string, FreqState>>();
  const repromptWindow = th.repromptWindowHours * 3_600_000;

  /** An attribution with its grouping key and finding fields, computed once per distinct frame. */
  const resolve = (a: Attribution): Resolved => ({
    a,
    pk: `${a.party}:${a.sdkId ?? ""}`,
    init: a.sdkId ? { party: a.party, sdkId: a.sdkId } : { party: a.party },
  });
  const UNKNOWN = resolve({ party: "unknown" });
  const frameCache = new Map<string, Resolved>();
  const hostResolved = new Map<string, Resolved>();
  const attribute = (e: ApiCallEvent | NetworkEvent | PermissionEvent): Resolved => {
    if (e.attribution) return resolve(e.attribution);
    const stack = (e as ApiCallEvent).stack;
    if (stack && stack.length > 0) {
      const frame = decisiveFrame(stack);
      if (frame === undefined) return UNKNOWN;
      let r = frameCache.get(frame);
      if (!r) {
        r = resolve(attributeFrame(frame, own, index));
        frameCache.set(frame, r);
      }
      return r;
    }
    if (e.type === "network") {
      let r = hostResolved.get(e.host);
      if (!r) {
        const sig = hostSdk(e.host);
        r = sig ? resolve({ party: "third", sdkId: sig.id }) : UNKNOWN;
        hostResolved.set(e.host, r);
      }
      return r;
    }
    return UNKNOWN;
  };

  const observeSdk = (a: Attribution, piType: string, seq: number) => {
    if (a.party !== "third" || !a.sdkId) return;
    let o = st.sdkObserved.get(a.sdkId);
    if (!o) {
      o = { piTypes: new Map(), seqs: [] };
      st.sdkObserved.set(a.sdkId, o);
    }
    if (!o.piTypes.has(piType)) o.piTypes.set(piType, seq);
    if (o.seqs.length < th.maxEvidence) o.seqs.push(seq);
  };
  const noteCollected = (piType: string, seq: number) => {
    let l = st.collected.get(piType);
    if (!l) {
      l = [];
      st.collected.set(piType, l);
    }
    if (l.length < th.maxEvidence) l.push(seq);
  };

  for (const e of trace.events) {
    const t = e.t;
    if (pendingExit && t - pendingExit.t > th.exitAfterDenialMs) pendingExit = null;
    switch (e.type) {
      case "lifecycle": {
        const p = e.phase;
        if (p === "process_start" || p === "process_restart") {
          launches++;
          background = false;
          screenOff = false;
        } else if (p === "foreground") background = false;
        else if (p === "background") background = true;
        else if (p === "screen_off") screenOff = true;
        else if (p === "screen_on") screenOff = false;
        if ((p === "process_died" || p === "background") && pendingExit) {
          // GB/T 41391 6.4.4 a: leaving on a refusal is forcing the user.
          // Grouped by the denied permissions: repeated exits on the same denial are one finding with more evidence.
          sink.add("permission_exit_on_denial", pendingExit.key, [pendingExit.seq, e.seq], { detail: { phase: p, ms: t - pendingExit.t } });
          pendingExit = null;
        }
        break;
      }
      case "ui": {
        // Consent buttons are not "using a function": an SDK that starts reading right after 同意 is not user-driven.
        if ((e.kind === "click" || e.kind === "toggle") && !CONSENT_ROLES.has(e.role ?? "")) {
          lastUserAction = t;
          pendingExit = null;
        }
        const role = e.role;
        if (role === "privacy_dialog") {
          dialogSeq ??= e.seq;
          st.privacyDialogSeen = true;
          st.privacyDialogUi = true;
        } else if (role === "refuse_button") refuseOptionSeen = true;
        else if (role === "consent_checkbox" && e.preChecked === true)
          sink.add("consent_not_express", "prechecked", [e.seq], { item: "3.4", detail: { why: "prechecked" } });
        else if (role === "policy_link" && e.depth !== undefined && (!st.policyLinkDepth || e.depth < st.policyLinkDepth.depth))
          st.policyLinkDepth = { seq: e.seq, depth: e.depth };
        else if (role === "account_deletion" && e.depth !== undefined && (!st.deletionDepth || e.depth < st.deletionDepth.depth))
          st.deletionDepth = { seq: e.seq, depth: e.depth };
        else if (role === "withdraw_consent") st.withdrawUiSeq ??= e.seq;
        else if (role === "personalization_toggle") {
          st.personalizationSeq ??= e.seq;
          st.personalizationOptOutSeq ??= e.seq;
        }
        break;
      }
      case "consent": {
        if (e.subject === "privacy_policy") {
          if (e.action === "policy_shown") {
            st.privacyDialogSeen = true;
            dialogSeq ??= e.seq;
          } else if (e.action === "agreed") {
            if (e.preChecked === true) sink.add("consent_not_express", "prechecked", [e.seq], { item: "3.4", detail: { why: "prechecked" } });
            if (st.consentSeq === null) {
              st.consentSeq = e.seq;
              if (dialogSeq === null) sink.add("consent_not_express", "no_dialog", [e.seq], { item: "1.2", detail: { why: "no_dialog" } });
              else if (!refuseOptionSeen && st.privacyDialogUi)
                sink.add("consent_not_express", "no_refuse", [dialogSeq, e.seq], { detail: { why: "no_refuse" } });
            }
            refusedSeq = null;
          } else {
            refuseOptionSeen = true;
            st.everRefused = true;
            refusedSeq = e.seq;
          }
        } else if (e.subject === "personalization") {
          st.personalizationSeq ??= e.seq;
          if (e.action === "refused" || e.action === "withdrawn") st.personalizationOptOutSeq ??= e.seq;
        }
        if (e.action === "withdrawn") st.withdrawUiSeq ??= e.seq;
        break;
      }
      case "permission": {
        const userDriven = e.userInitiated === true || t - lastUserAction <= th.userActionWindowMs;
        if (e.action === "requested") {
          st.anyPermissionRequest = true;
          for (const p of e.permissions) st.requestedPermissions.add(p);
          if (st.consentSeq === null) {
            const f = sink.add("permission_before_consent", "all", [e.seq]);
            f.detail.permissions = mergeList(f.detail.permissions, e.permissions);
          }
          if (!userDriven) {
            if (launches <= 1) {
              const groups = new Set(e.permissions.map(permissionGroup));
              if (groups.size >= 2) sink.add("permission_bundled", e.permissions.join(","), [e.seq], { detail: { permissions: e.permissions.join(", ") } });
            }
            for (const p of e.permissions) {
              const d = denials.get(p);
              if (d && t - d.t <= repromptWindow) {
                d.count++;
                if (d.count > th.maxRepromptsInWindow)
                  sink.add("permission_reprompt_48h", p, [d.seq, e.seq], { detail: { permission: p, hours: Math.round(((t - d.t) / 3_600_000) * 10) / 10 } });
              }
              if (opts.appType && isLowRelevancePermission(p, opts.appType))
                sink.add("permission_not_necessary", p, [e.seq], { detail: { permission: p, appType: opts.appType.zh } });
            }
          }
        } else if (e.action === "denied") {
          st.anyDenial = true;
          for (const p of e.permissions) denials.set(p, { seq: e.seq, t, count: 0 });
          pendingExit = { seq: e.seq, t, key: e.permissions.join(",") };
        } else {
          for (const p of e.permissions) denials.delete(p);
        }
        break;
      }
      case "api_call": {
        const pis = e.piTypes;
        let personal = false;
        for (const p of pis) if (isPersonalPiType(p)) personal = true;
        if (!personal) break;
        st.anyPiCall = true;
        const r = attribute(e);
        const a = r.a;
        const pk = r.pk;
        const init = r.init;
        const seq = e.seq;
        const userDriven = e.userInitiated === true || t - lastUserAction <= th.userActionWindowMs;
        if (st.consentSeq === null) sink.add("collect_before_consent", pk, [seq], init);
        if (refusedSeq !== null) sink.add("collect_after_refusal", pk, [refusedSeq, seq], init);
        const inBackground = e.appState === "background" || (e.appState === undefined && background) || screenOff;
        for (const p of pis) {
          if (!isPersonalPiType(p)) continue;
          noteCollected(p, seq);
          observeSdk(a, p, seq);
          if (st.consentSeq === null) sink.add("collect_before_consent", pk, [], init).piTypes.add(p);
          if (refusedSeq !== null) sink.add("collect_after_refusal", pk, [], init).piTypes.add(p);
          if (inBackground) sink.add("collect_in_background", pk, [seq], init).piTypes.add(p);
          if (IMMUTABLE_ID_TYPES.has(p)) {
            st.anyImmutable = true;
            sink.add("immutable_device_id", pk, [seq], init).piTypes.add(p);
          }
          if (p === "clipboard") {
            st.anyClipboard = true;
            if (!userDriven) sink.add("clipboard_read_unprompted", pk, [seq], init).piTypes.add(p);
          }
          if (userDriven) continue;
          if (necessary && NECESSITY_JUDGED_TYPES.has(p) && !necessary.has(p)) sink.add("collect_not_necessary", pk, [seq], init).piTypes.add(p);
          let byType = freq.get(pk);
          if (!byType) {
            byType = new Map();
            freq.set(pk, byType);
          }
          let f = byType.get(p);
          if (!f) {
            f = { times: [], seqs: [], head: 0, reported: false };
            byType.set(p, f);
          }
          if (f.reported) continue;
          f.times.push(t);
          f.seqs.push(seq);
          while (f.times[f.head]! < t - th.frequencyWindowMs) f.head++;
          if (f.times.length - f.head > th.frequencyMax) {
            f.reported = true;
            sink
              .add("collect_excessive_frequency", `${pk}|${p}`, f.seqs.slice(f.head), {
                ...init,
                detail: { count: f.times.length - f.head, windowS: th.frequencyWindowMs / 1000 },
              })
              .piTypes.add(p);
          } else if (f.head > 4096) {
            f.times = f.times.slice(f.head);
            f.seqs = f.seqs.slice(f.head);
            f.head = 0;
          }
        }
        break;
      }
      case "network": {
        let personal = false;
        for (const f of e.piFound) if (isPersonalPiType(f.piType)) personal = true;
        if (!personal) break;
        st.anyPiNetwork = true;
        const r = attribute(e);
        const a = r.a;
        const pk = r.pk;
        const init = r.init;
        const hostSig = hostSdk(e.host);
        const sdkId = a.sdkId ?? hostSig?.id;
        const third = a.party === "third" || (a.party === "unknown" && hostSig !== undefined);
        for (const f of e.piFound) {
          if (!isPersonalPiType(f.piType)) continue;
          noteCollected(f.piType, e.seq);
          if (st.consentSeq === null) sink.add("collect_before_consent", pk, [e.seq], init).piTypes.add(f.piType);
          if (e.transport === "http") sink.add("plaintext_transfer", e.host, [e.seq], { ...init, detail: { host: e.host } }).piTypes.add(f.piType);
          if (third) {
            st.anyThirdPartyPiNetwork = true;
            let h = st.sharedHosts.get(e.host);
            if (!h) {
              h = sdkId ? { sdkId, seqs: [], piTypes: new Set() } : { seqs: [], piTypes: new Set() };
              st.sharedHosts.set(e.host, h);
            }
            if (h.seqs.length < th.maxEvidence && h.seqs[h.seqs.length - 1] !== e.seq) h.seqs.push(e.seq);
            h.piTypes.add(f.piType);
            if (sdkId) observeSdk({ party: "third", sdkId }, f.piType, e.seq);
          }
        }
        break;
      }
      case "intent": {
        st.anyIntent = true;
        const userDriven = e.userInitiated === true || t - lastUserAction <= th.userActionWindowMs;
        if (!userDriven && e.targetPackage && e.targetPackage !== own)
          sink.add("self_start", e.targetPackage, [e.seq], { detail: { target: e.targetPackage, kind: e.kind } });
        break;
      }
      case "annotation": {
        for (const tag of e.tags) {
          let l = st.tags.get(tag);
          if (!l) {
            l = [];
            st.tags.set(tag, l);
          }
          l.push(e.clicks === undefined ? { seq: e.seq } : { seq: e.seq, clicks: e.clicks });
        }
        break;
      }
    }
  }
  return st;
}
