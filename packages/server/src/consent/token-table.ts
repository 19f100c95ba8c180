/**
 * A hash table from 16-byte block tokens to values, read straight from the buffer a cipher call
 * wrote — no string per token, no string hashing. The tokens are block-cipher outputs (see
 * SubjectService.idsOf), so their first 32 bits are already uniformly spread and serve as the hash.
 * Open addressing with linear probing, at most half full; keys live in one Int32Array (four words a
 * slot), values in a parallel array (`undefined` marks a free slot, so values must not be undefined).
 *
 * Why: a contractor export looks one token up per row. Among 100,000 identities a `Map` keyed by the
 * token's latin1 string cost 0.44–0.9 µs a look-up on the benchmark machine (the string is made,
 * hashed and compared); this table 0.07–0.14 µs.
 */
export class TokenTable<V> {
  private cap = 0;
  private mask = 0;
  private keys = new Int32Array(0);
  private vals: (V | undefined)[] = [];
  size = 0;

  constructor(private readonly initialCapacity = 1 << 12) {
    this.reset(initialCapacity);
  }

  /** The value of the token at words[at..at+3]; undefined when absent. */
  get(words: Int32Array, at: number): V | undefined {
    return this.vals[this.slotOf(words, at)];
  }

  /** Sets the value of the token at words[at..at+3]. */
  set(words: Int32Array, at: number, value: V): void {
    if ((this.size + 1) * 2 > this.cap) this.grow();
    const s = this.slotOf(words, at);
    if (this.vals[s] === undefined) {
      this.keys.set(words.subarray(at, at + 4), s * 4);
      this.size++;
    }
    this.vals[s] = value;
  }

  /** The slot holding the token at words[at..at+3], or the free slot where it would go. */
  private slotOf(words: Int32Array, at: number): number {
    const a = words[at] as number;
    const b = words[at + 1] as number;
    const c = words[at + 2] as number;
    const d = words[at + 3] as number;
    const k = this.keys;
    const mask = this.mask;
    let s = a & mask;
    for (;;) {
      if (this.vals[s] === undefined) return s;
      const o = s * 4;
      if (k[o] === a && k[o + 1] === b && k[o + 2] === c && k[o + 3] === d) return s;
      s = (s + 1) & mask;
    }
  }

  clear(): void {
    this.reset(this.initialCapacity);
  }

  /** Empty, with room for `cap` slots (a power of two). */
  private reset(cap: number): void {
    this.cap = cap;
    this.mask = cap - 1;
    this.keys = new Int32Array(cap * 4);
    this.vals = new Array<V | undefined>(cap).fill(undefined);
    this.size = 0;
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    this.reset(this.cap * 2);
    for (let s = 0; s < vals.length; s++) {
      const v = vals[s];
      if (v !== undefined) this.set(keys, s * 4, v);
    }
  }
}

/** A buffer's bytes as 32-bit words (copied when the buffer does not start on a 4-byte boundary). */
export function wordsOf(buf: Buffer): Int32Array {
  if (buf.byteOffset % 4 === 0) return new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
  const copy = new Uint8Array(buf);
  return new Int32Array(copy.buffer, 0, copy.length >> 2);
}
