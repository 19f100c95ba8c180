/**
 * The built widget (packages/sdk/dist), served by the server at /sdk/pipguard-consent.js (IIFE for a
 * script tag) and /sdk/pipguard-consent.mjs (ESM). Read once, then served from memory with an ETag.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const WIDGET_FILES = ["pipguard-consent.js", "pipguard-consent.mjs"] as const;
export type WidgetFile = (typeof WIDGET_FILES)[number];

/** Where the SDK's build output lives, next to this package in the workspace. */
export const SDK_DIST = fileURLToPath(new URL("../../../sdk/dist/", import.meta.url));

const cache = new Map<WidgetFile, { body: string; etag: string }>();

/** The file's text and ETag, or undefined when the SDK has not been built (`npm run build`). */
export function widgetAsset(name: WidgetFile): { body: string; etag: string } | undefined {
  const hit = cache.get(name);
  if (hit) return hit;
  let body: string;
  try {
    body = readFileSync(`${SDK_DIST}${name}`, "utf8");
  } catch {
    return undefined;
  }
  const asset = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
  cache.set(name, asset);
  return asset;
}
