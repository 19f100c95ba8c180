/**
 * Token vault (令牌化): the same value always gets the same token within a session
 * (`<cn_mobile_1>`), and the session restores tokens to values. The vault holds PI, so whoever
 * persists it encrypts it (HTTP: the keyring; CLI: a 0600 file the user keeps).
 */
import { type DetectorType, DomainError, isDetectorType } from "@pipguard/core";

/** Serialised vault: token → [type, value]. */
export interface VaultData {
  readonly v: 1;
  readonly entries: [string, DetectorType, string][];
}

const TOKEN = /<([a-z0-9_]+?)_([0-9]+)>/g;

/** A session's token vault. */
export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, { type: DetectorType; value: string }>();
  private readonly counters = new Map<DetectorType, number>();
  private added = 0;

  /** The token of a value (created on first sight). */
  tokenize(type: DetectorType, value: string): string {
    const key = `${type}\u0000${value}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    const token = `<${type}_${n}>`;
    this.byValue.set(key, token);
    this.byToken.set(token, { type, value });
    this.added++;
    return token;
  }

  /** True when tokens were added since the vault was created or rebuilt (it then needs saving). */
  get changed(): boolean {
    return this.added > 0;
  }

  /** Replaces every known token in `text` with its value; unknown tokens stay as they are. */
  restore(text: string): string {
    return text.replace(TOKEN, (tok) => this.byToken.get(tok)?.value ?? tok);
  }

  /** Number of distinct values held. */
  get size(): number {
    return this.byToken.size;
  }

  /** Serialises the vault (contains PI: encrypt before storing). */
  toData(): VaultData {
    return { v: 1, entries: [...this.byToken].map(([t, e]) => [t, e.type, e.value]) };
  }

  /** Rebuilds a vault; rejects anything that is not a vault. */
  static fromData(data: unknown): TokenVault {
    const d = data as Partial<VaultData> | null;
    if (d?.v !== 1 || !Array.isArray(d.entries)) throw new DomainError("VALIDATION_FAILED", "not a pipguard token vault");
    const vault = new TokenVault();
    for (const e of d.entries) {
      if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== "string" || typeof e[1] !== "string" || typeof e[2] !== "string" || !isDetectorType(e[1])) {
        throw new DomainError("VALIDATION_FAILED", "not a pipguard token vault");
      }
      const [token, type, value] = e;
      vault.byToken.set(token, { type, value });
      vault.byValue.set(`${type}\u0000${value}`, token);
      const n = Number(/_([0-9]+)>$/.exec(token)?.[1] ?? 0);
      vault.counters.set(type, Math.max(vault.counters.get(type) ?? 0, n));
    }
    return vault;
  }
}
