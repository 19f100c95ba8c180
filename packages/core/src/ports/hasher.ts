/** Hashing comes in through this port so core stays free of I/O and platform crypto. */
export interface Hasher {
  /** SHA-256 of the UTF-8 bytes of `data`, as 64 lowercase hex digits. */
  sha256Hex(data: string): string;
}
