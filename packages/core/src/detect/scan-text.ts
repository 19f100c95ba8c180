/** Scanning a JS string: findings with byte offsets into its UTF-8 form and the matched text. */
import { locate } from "./locate.js";
import { scanBytes } from "./scan-bytes.js";
import type { LocatedFinding, ScanOptions } from "./types.js";
import { decodeUtf8, encodeUtf8 } from "./utf8.js";

/** A located finding with the value exactly as written. */
export interface TextFinding extends LocatedFinding {
  readonly text: string;
}

/** Scans a string; offsets are UTF-8 byte offsets, `text` the value as written. */
export function scanText(text: string, opts: ScanOptions = {}): TextFinding[] {
  const b = encodeUtf8(text);
  return locate(b, scanBytes(b, opts)).map((f) => ({ ...f, text: decodeUtf8(b, f.start, f.end) }));
}
