import type { Hasher } from "../ports/hasher.js";

/**
 * A deterministic stand-in for SHA-256 in unit tests (FNV-1a over four lanes, 64 hex digits). It is
 * not a cryptographic hash; it only has to change when its input changes, which is all a chain test needs.
 */
export class FakeHasher implements Hasher {
  sha256Hex(data: string): string {
    let out = "";
    for (let lane = 0; lane < 8; lane++) {
      let h = (0x811c9dc5 ^ (lane * 0x9e3779b1)) >>> 0;
      for (let i = 0; i < data.length; i++) {
        h ^= data.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      out += h.toString(16).padStart(8, "0");
    }
    return out;
  }
}
