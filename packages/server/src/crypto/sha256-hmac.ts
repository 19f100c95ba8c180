/**
 * HMAC-SHA-256 (RFC 2104 over FIPS 180-4 SHA-256) in JavaScript for the short messages of blind
 * indexes, with the key's inner and outer pad blocks compressed once, when the key is loaded: a
 * message of up to 55 bytes then costs two compressions and no call into OpenSSL, about three times
 * cheaper than node:crypto for this size. Written from the standard; `FastHmac` checks it against
 * node:crypto's HMAC in tests, and uses node:crypto for other hashes (SM3) and long messages.
 */

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
  0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
  0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
  0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// §5.3.3: the initial hash value.
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** §6.2.2: one compression of the 64-byte block at `block[off..]` into `state`. */
function compress(state: Int32Array, block: Uint8Array, off: number, w: Int32Array): void {
  for (let t = 0; t < 16; t++) {
    const i = off + 4 * t;
    w[t] = ((block[i] as number) << 24) | ((block[i + 1] as number) << 16) | ((block[i + 2] as number) << 8) | (block[i + 3] as number);
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15] as number;
    const y = w[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[t] as number) + (w[t] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

function putWords(state: Int32Array, out: Uint8Array, off: number): void {
  for (let i = 0; i < 8; i++) {
    const v = state[i] as number;
    out[off + 4 * i] = v >>> 24;
    out[off + 4 * i + 1] = (v >>> 16) & 0xff;
    out[off + 4 * i + 2] = (v >>> 8) & 0xff;
    out[off + 4 * i + 3] = v & 0xff;
  }
}

/** Longest message (in bytes) this class hashes: one block after the pad block (55 + 0x80 + 8-byte length = 64). */
export const SHORT_MESSAGE_BYTES = 55;

export class Sha256Hmac {
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  /** The message block being hashed (Buffer for its fast UTF-8 `write`). */
  readonly block = Buffer.alloc(64);
  private readonly digestBytes = Buffer.alloc(32);

  constructor(key: Buffer) {
    if (key.length > 64) throw new RangeError("Sha256Hmac keys are at most 64 bytes");
    const pad = new Uint8Array(64);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x36;
    this.inner.set(IV);
    compress(this.inner, pad, 0, this.w);
    for (let i = 0; i < 64; i++) pad[i] = (key[i] ?? 0) ^ 0x5c;
    this.outer.set(IV);
    compress(this.outer, pad, 0, this.w);
  }

  /**
   * base64url HMAC of the first `n` bytes of `block` (n <= SHORT_MESSAGE_BYTES); the caller has
   * written the message there. The block is padded in place.
   */
  digestBlock(n: number): string {
    const { block, state, w } = this;
    // §5.1.1 padding: 0x80, zeros, then the bit length of ipad block + message, big-endian.
    block[n] = 0x80;
    block.fill(0, n + 1, 56);
    const bits = (64 + n) * 8;
    block[56] = 0;
    block[57] = 0;
    block[58] = 0;
    block[59] = 0;
    block[60] = (bits >>> 24) & 0xff;
    block[61] = (bits >>> 16) & 0xff;
    block[62] = (bits >>> 8) & 0xff;
    block[63] = bits & 0xff;
    state.set(this.inner);
    compress(state, block, 0, w);
    // Outer hash: opad block (precomputed) + the 32-byte inner digest, padded to one block (768 bits).
    putWords(state, block, 0);
    block[32] = 0x80;
    block.fill(0, 33, 62);
    block[62] = 0x03;
    block[63] = 0x00;
    state.set(this.outer);
    compress(state, block, 0, w);
    putWords(state, this.digestBytes, 0);
    return this.digestBytes.toString("base64url");
  }
}
