/**
 * Redaction with every operator: the keyless ones from core (mask, replace, redact, generalize) and
 * the keyed ones that need the server's keys — HMAC (never a plain hash: a phone number's hash is
 * brute-forced in seconds), AES-GCM encryption (reversible), and tokenization with a vault.
 */
import {
  applyOperator,
  DEFAULT_MIN_SCORE,
  type DetectorType,
  DomainError,
  encodeUtf8,
  isDetectorType,
  type PiFinding,
  rewrite,
  scanBytes,
} from "@pipguard/core";
import type { TokenVault } from "./vault.js";

export const REDACT_MODES = ["mask", "replace", "redact", "generalize", "tokenize", "hash", "encrypt"] as const;
export type RedactMode = (typeof REDACT_MODES)[number];

/** Keyed primitives (the keyring provides them). */
export interface RedactKeys {
  hmac(value: string, place: string): string;
  encrypt(value: string, place: string): string;
  decrypt(ciphertext: string, place: string): string;
}

/** Options of one redaction. */
export interface RedactOptions {
  readonly mode: RedactMode;
  readonly types?: readonly string[] | undefined;
  readonly minScore?: number | undefined;
  readonly vault?: TokenVault | undefined;
  readonly keys?: RedactKeys | undefined;
}

/** The redacted text and where values were found (no values). */
export interface RedactResult {
  readonly text: string;
  readonly findings: { type: DetectorType; start: number; end: number; score: number }[];
}

const PLACE = "detect.operator";

/** Parses a list of type ids; unknown ids are a usage error. */
export function parseTypes(types: readonly string[] | undefined): Set<DetectorType> | undefined {
  if (!types || types.length === 0) return undefined;
  const bad = types.filter((t) => !isDetectorType(t));
  if (bad.length > 0) throw new DomainError("VALIDATION_FAILED", "unknown PI type", { types: bad });
  return new Set(types as DetectorType[]);
}

/** Finds PI in `text` and rewrites it with the chosen operator. */
export function redactText(text: string, opts: RedactOptions): RedactResult {
  const b = encodeUtf8(text);
  const findings: PiFinding[] = scanBytes(b, { types: parseTypes(opts.types), minScore: opts.minScore ?? DEFAULT_MIN_SCORE });
  const replacer = (f: PiFinding, value: string): string => {
    switch (opts.mode) {
      case "tokenize":
        if (!opts.vault) throw new DomainError("INTERNAL", "tokenize needs a vault");
        return opts.vault.tokenize(f.type, value);
      case "hash":
        if (!opts.keys) throw new DomainError("INTERNAL", "hash needs keys");
        return `<${f.type}:${opts.keys.hmac(`${f.type}:${value}`, PLACE).slice(0, 16)}>`;
      case "encrypt":
        if (!opts.keys) throw new DomainError("INTERNAL", "encrypt needs keys");
        return `<${f.type}:enc:${opts.keys.encrypt(value, PLACE)}>`;
      default:
        return applyOperator(opts.mode, f.type, value);
    }
  };
  return { text: rewrite(b, findings, replacer, text), findings: findings.map(({ type, start, end, score }) => ({ type, start, end, score })) };
}

const ENCRYPTED = /<([a-z0-9_]+):enc:([^<>\s]+)>/g;

/** Restores tokens (from the vault) and encrypted values (with the keys); everything else stays. */
export function restoreText(text: string, opts: { vault?: TokenVault | undefined; keys?: RedactKeys | undefined }): string {
  let out = opts.vault ? opts.vault.restore(text) : text;
  const keys = opts.keys;
  if (keys) {
    out = out.replace(ENCRYPTED, (whole, _type: string, ct: string) => {
      try {
        return keys.decrypt(ct, PLACE);
      } catch {
        return whole;
      }
    });
  }
  return out;
}
