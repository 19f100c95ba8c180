import { SDK_SIGNATURES, type SdkSignature } from "./data/sdk-signatures.js";
import type { Attribution } from "./trace.js";
import { PLATFORM_PREFIXES } from "./vocab.js";

/** Prefix → SDK index, built once per audit; also maps hosts to SDKs. */
export interface SdkIndex {
  /** [prefix, sdk] sorted longest prefix first, so the first match is the longest. */
  readonly prefixes: readonly (readonly [string, SdkSignature])[];
  readonly byId: ReadonlyMap<string, SdkSignature>;
  readonly hosts: readonly (readonly [string, SdkSignature])[];
}

/** Builds the lookup tables for attribution from signature rows (the built-in list by default). */
export function buildSdkIndex(signatures: readonly SdkSignature[] = SDK_SIGNATURES): SdkIndex {
  const prefixes: [string, SdkSignature][] = [];
  const hosts: [string, SdkSignature][] = [];
  const byId = new Map<string, SdkSignature>();
  for (const sig of signatures) {
    byId.set(sig.id, sig);
    for (const p of sig.packagePrefixes) prefixes.push([p, sig]);
    for (const h of sig.hosts) hosts.push([h.toLowerCase(), sig]);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  hosts.sort((a, b) => b[0].length - a[0].length);
  return { prefixes, byId, hosts };
}

function isPlatformFrame(frame: string): boolean {
  for (const p of PLATFORM_PREFIXES) if (frame.startsWith(p)) return true;
  return false;
}

/** A package prefix matches a frame only at a package boundary ("com.loc" must not match "com.locale.X"). */
function hasPrefix(frame: string, prefix: string): boolean {
  if (!frame.startsWith(prefix)) return false;
  const next = frame.charCodeAt(prefix.length);
  return Number.isNaN(next) || next === 46 /* . */ || next === 36 /* $ */;
}

/**
 * Attributes a call from its stack (spec "attribution"): walk from the innermost frame, skip platform frames,
 * and decide on the first remaining frame — the app's own package is first party, else the longest SDK
 * package prefix, else an unknown third party.
 */
export function attributeStack(stack: readonly string[], ownPackage: string | undefined, index: SdkIndex): Attribution {
  const frame = decisiveFrame(stack);
  return frame === undefined ? { party: "unknown" } : attributeFrame(frame, ownPackage, index);
}

/** The innermost frame that is not a platform frame: the one attribution decides on. */
export function decisiveFrame(stack: readonly string[]): string | undefined {
  for (const frame of stack) if (!isPlatformFrame(frame)) return frame;
  return undefined;
}

/** Attributes one non-platform frame: own package → first party; longest SDK prefix → that SDK; else unknown. */
export function attributeFrame(frame: string, ownPackage: string | undefined, index: SdkIndex): Attribution {
  let best: SdkSignature | undefined;
  for (const [p, sig] of index.prefixes) {
    if (hasPrefix(frame, p)) {
      best = sig;
      break;
    }
  }
  // Longest prefix wins between the app and SDKs too (an SDK nested under the app's package stays the SDK).
  const bestLen = best ? Math.max(...best.packagePrefixes.filter((p) => hasPrefix(frame, p)).map((p) => p.length)) : -1;
  if (ownPackage && hasPrefix(frame, ownPackage) && ownPackage.length > bestLen) return { party: "first" };
  if (best) return { party: "third", sdkId: best.id };
  return { party: "unknown" };
}

/** The SDK a host belongs to (exact host or a subdomain of a listed domain), if any. */
export function sdkForHost(host: string, index: SdkIndex): SdkSignature | undefined {
  const h = host.toLowerCase();
  for (const [d, sig] of index.hosts) if (h === d || h.endsWith(`.${d}`)) return sig;
  return undefined;
}
