/**
 * UTF-8 helpers. TextEncoder/TextDecoder exist in every runtime pipguard targets (Node, browsers,
 * Deno) but not in the ES2023 lib core compiles against, so they are declared here, minimally.
 */
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: { new (label?: string, opts?: { fatal?: boolean }): { decode(b: Uint8Array): string } };

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8");

/** UTF-8 bytes of a string. */
export function encodeUtf8(s: string): Uint8Array {
  return enc.encode(s);
}

/** String of b[start, end); invalid sequences become U+FFFD. */
export function decodeUtf8(b: Uint8Array, start = 0, end = b.length): string {
  return dec.decode(b.subarray(start, end));
}

/** Code point at byte i (lead byte expected) and its byte length; invalid bytes read as one U+FFFD byte. */
export function codePointAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return c;
  if (c >= 0xe0 && c < 0xf0 && i + 2 < b.length) return ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
  if (c >= 0xc0 && c < 0xe0 && i + 1 < b.length) return ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
  if (c >= 0xf0 && i + 3 < b.length) return ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
  return 0xfffd;
}

/** Byte length of the UTF-8 sequence that starts with lead byte c (1 for stray continuation bytes). */
export function seqLen(c: number): number {
  return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/** Byte length of one code point. */
export function cpByteLen(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
