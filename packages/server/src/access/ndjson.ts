/**
 * NDJSON written straight into UTF-8 bytes: what `JSON.stringify(row)` followed by `Buffer.from(…)`
 * gives, byte for byte, without the intermediate string. A streamed export writes every row this way
 * (PIPL Art. 21 call lists of up to a million rows), so skipping the text and the object per row
 * matters: on the benchmark machine 5,000 rows of the broadband view cost 0.6–0.9 µs a row here
 * against 1.2–1.4 µs for one `JSON.stringify` of the batch plus its UTF-8 encoding, and no
 * megabyte-sized strings are left for the collector (the server's GC time in an export about halved).
 *
 * Strings are escaped as `JSON.stringify` escapes them (ECMA-262 QuoteJSONString): `"` and `\`, the
 * short escapes \b \t \n \f \r, other controls below U+0020 as \u00XX, lone surrogates as \uDXXX
 * (well-formed JSON.stringify); everything else as UTF-8. Other values go through `JSON.stringify`.
 */

const HEX = "0123456789abcdef";
/** The short escapes JSON.stringify uses for controls (0 = none, \u00XX instead). */
const SHORT = new Uint8Array(32);
SHORT[8] = 0x62; // \b
SHORT[9] = 0x74; // \t
SHORT[10] = 0x6e; // \n
SHORT[12] = 0x66; // \f
SHORT[13] = 0x72; // \r

export class JsonLineWriter {
  private buf: Buffer;
  private n = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.n;
  }

  /** The bytes written (a view of the writer's buffer: take it once, when done). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.n);
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(grown, 0, 0, this.n);
    this.buf = grown;
  }

  /** Text as it is, in UTF-8 (JSON punctuation and keys already escaped). */
  raw(s: string): void {
    this.room(Buffer.byteLength(s));
    this.n += this.buf.write(s, this.n, "utf8");
  }

  /** ASCII text as it is (JSON punctuation and keys known to be ASCII and need no escape). */
  ascii(s: string): void {
    const len = s.length;
    this.room(len);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < len; i++) b[n++] = s.charCodeAt(i);
    this.n = n;
  }

  /** A JSON string literal, quoted and escaped as JSON.stringify would, in UTF-8. */
  string(s: string): void {
    const len = s.length;
    this.room(len * 6 + 2); // worst case: every unit a \uXXXX escape
    const b = this.buf;
    let n = this.n;
    b[n++] = 0x22;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) b[n++] = c;
        else {
          b[n++] = 0x5c;
          if (c === 0x22 || c === 0x5c) b[n++] = c;
          else if (SHORT[c] !== 0) b[n++] = SHORT[c] as number;
          else {
            b[n++] = 0x75; // u00XX
            b[n++] = 0x30;
            b[n++] = 0x30;
            b[n++] = HEX.charCodeAt(c >> 4);
            b[n++] = HEX.charCodeAt(c & 15);
          }
        }
      } else if (c < 0x800) {
        b[n++] = 0xc0 | (c >> 6);
        b[n++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[n++] = 0xe0 | (c >> 12);
        b[n++] = 0x80 | ((c >> 6) & 0x3f);
        b[n++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[n++] = 0xf0 | (cp >> 18);
          b[n++] = 0x80 | ((cp >> 12) & 0x3f);
          b[n++] = 0x80 | ((cp >> 6) & 0x3f);
          b[n++] = 0x80 | (cp & 0x3f);
        } else {
          // A lone surrogate: escaped, as well-formed JSON.stringify does.
          b[n++] = 0x5c;
          b[n++] = 0x75;
          b[n++] = HEX.charCodeAt(c >> 12);
          b[n++] = HEX.charCodeAt((c >> 8) & 15);
          b[n++] = HEX.charCodeAt((c >> 4) & 15);
          b[n++] = HEX.charCodeAt(c & 15);
        }
      }
    }
    b[n++] = 0x22;
    this.n = n;
  }

  /** Any JSON value: strings and null directly, the rest through JSON.stringify (a value with no JSON, as null). */
  value(v: unknown): void {
    if (typeof v === "string") this.string(v);
    else if (v === null) this.ascii("null");
    else {
      const json = JSON.stringify(v) as string | undefined;
      this.raw(json ?? "null");
    }
  }
}
