import { DomainError } from "../../errors.js";

/**
 * Requested permissions from an AndroidManifest.xml (text form, e.g. decoded by apktool) or from
 * `aapt dump permissions|badging` output. A binary manifest is refused with a hint instead of guessed at.
 */
export function parseManifestPermissions(text: string): string[] {
  if (text.includes("\u0000")) {
    throw new DomainError("INVALID_AUDIT_INPUT", "binary AndroidManifest.xml: decode it first (apktool d, or `aapt dump permissions app.apk`)", {
      field: "manifest",
    });
  }
  const out = new Set<string>();
  // XML: <uses-permission android:name="…"/> and <uses-permission-sdk-23 …/>
  for (const m of text.matchAll(/<uses-permission(?:-sdk-\d+)?\b[^>]*?android:name\s*=\s*["']([^"']+)["']/g)) if (m[1]) out.add(m[1]);
  // aapt: uses-permission: name='android.permission.X'  |  uses-permission:'android.permission.X'
  for (const m of text.matchAll(/uses-permission(?:-sdk-23)?:\s*(?:name=)?'([^']+)'/g)) if (m[1]) out.add(m[1]);
  if (out.size === 0 && !/<manifest\b/.test(text) && !/package:/.test(text)) {
    throw new DomainError("INVALID_AUDIT_INPUT", "not an AndroidManifest.xml or aapt dump output", { field: "manifest" });
  }
  return [...out].sort();
}
