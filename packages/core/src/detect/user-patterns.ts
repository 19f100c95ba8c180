/**
 * User-defined patterns (`pipguard scan --pattern employee_id=EMP-[0-9]{6}`): an operator's own
 * identifiers (employee numbers, member IDs) found next to the built-in types. A pattern must not
 * be able to hang the scanner, so it is held to two limits:
 * - it runs on a linear-time engine: the caller compiles it with V8's non-backtracking engine
 *   (flag `l`), which refuses backreferences and lookaround; `(a+)+$` then takes time linear in
 *   the input instead of exponential;
 * - it runs under a time budget: text is matched in windows of at most WINDOW bytes (cut at line
 *   ends; a longer line is cut inside, where a match may be missed), and a pattern that has used
 *   up its budget is stopped (with a note) between windows. Matches longer than MAX_MATCH are not
 *   identifiers and are dropped.
 */
import { DomainError } from "../errors.js";
import { isDetectorType } from "./types.js";
import { decodeUtf8 } from "./utf8.js";

/** A parsed `NAME=REGEX`. */
export interface UserPatternSpec {
  readonly name: string;
  readonly source: string;
}

/** A compiled pattern: its global, linear-time RegExp. */
export interface UserPattern extends UserPatternSpec {
  readonly regex: RegExp;
}

/** One match, with byte offsets like every finding; `type` is `custom:NAME`. */
export interface UserPatternFinding {
  readonly type: `custom:${string}`;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** Longest pattern source accepted. */
export const MAX_PATTERN_LENGTH = 512;
/** Bytes matched per RegExp call: the budget is checked between windows. */
export const WINDOW = 64 * 1024;
/** Longest match reported, in UTF-16 units: an identifier, not a stretch of text. */
export const MAX_MATCH = 256;
/** Score of a user-pattern match (the operator said it is theirs; no checksum to lower it). */
export const USER_PATTERN_SCORE = 0.9;

const NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** Parses `NAME=REGEX`; VALIDATION_FAILED with the reason otherwise (the pattern text is not PI). */
export function parseUserPattern(spec: string): UserPatternSpec {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new DomainError("VALIDATION_FAILED", "a pattern is written NAME=REGEX (e.g. employee_id=EMP-[0-9]{6})", { pattern: spec });
  const name = spec.slice(0, eq);
  const source = spec.slice(eq + 1);
  if (!NAME.test(name)) throw new DomainError("VALIDATION_FAILED", "a pattern name is 1–32 lower-case letters, digits or _ and starts with a letter", { name });
  if (isDetectorType(name)) throw new DomainError("VALIDATION_FAILED", "a pattern name may not be a built-in PI type", { name });
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    throw new DomainError("VALIDATION_FAILED", `a pattern's regular expression has 1–${MAX_PATTERN_LENGTH} characters`, { name });
  }
  return { name, source };
}

/**
 * Compiles a pattern with `compile(source, flags)` (the runtime's RegExp with the linear engine
 * switched on). A pattern the linear engine refuses, or that does not parse, is VALIDATION_FAILED;
 * one that matches the empty string is refused too (it would match everywhere).
 */
export function compileUserPattern(spec: UserPatternSpec, compile: (source: string, flags: string) => RegExp): UserPattern {
  let regex: RegExp;
  try {
    regex = compile(spec.source, "gl");
  } catch (e) {
    const why =
      e instanceof Error && /linear/i.test(e.message)
        ? "needs backtracking (a backreference or lookaround), which could hang the scan"
        : "is not a valid regular expression";
    throw new DomainError("VALIDATION_FAILED", `pattern ${spec.name} ${why}`, { name: spec.name });
  }
  regex.lastIndex = 0;
  if (regex.test("")) throw new DomainError("VALIDATION_FAILED", `pattern ${spec.name} matches the empty string`, { name: spec.name });
  regex.lastIndex = 0;
  return { ...spec, regex };
}

/** Matches user patterns over byte buffers under a time budget per pattern (shared across calls). */
export class UserPatternMatcher {
  private readonly spent: number[];
  private readonly stopped: boolean[];

  constructor(
    readonly patterns: readonly UserPattern[],
    private readonly now: () => number,
    /** Milliseconds each pattern may use in total. */
    private readonly budgetMs: number,
    private readonly onStop: (name: string) => void,
  ) {
    this.spent = patterns.map(() => 0);
    this.stopped = patterns.map(() => false);
  }

  /** Matches in b (byte offsets into b), windows cut at line ends where possible. */
  scan(b: Uint8Array): UserPatternFinding[] {
    const out: UserPatternFinding[] = [];
    if (this.patterns.length === 0) return out;
    for (let from = 0; from < b.length; ) {
      let to = Math.min(b.length, from + WINDOW);
      if (to < b.length) {
        const nl = b.lastIndexOf(10, to - 1);
        if (nl >= from) to = nl + 1;
        else while (to > from && (b[to]! & 0xc0) === 0x80) to--; // never inside a character
      }
      this.window(b, from, to, out);
      from = to;
    }
    out.sort((x, y) => x.start - y.start || y.end - x.end);
    return out;
  }

  private window(b: Uint8Array, from: number, to: number, out: UserPatternFinding[]): void {
    let text: string | null = null;
    let map: Int32Array | null = null;
    for (let p = 0; p < this.patterns.length; p++) {
      if (this.stopped[p]) continue;
      text ??= decodeUtf8(b, from, to);
      map ??= byteOffsets(b, from, to, text.length);
      const { regex, name } = this.patterns[p]!;
      const t0 = this.now();
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        if (m[0].length > MAX_MATCH) continue;
        out.push({ type: `custom:${name}`, start: from + map[m.index]!, end: from + map[m.index + m[0].length]!, score: USER_PATTERN_SCORE });
      }
      this.spent[p]! += this.now() - t0;
      if (this.spent[p]! > this.budgetMs) {
        this.stopped[p] = true;
        this.onStop(name);
      }
    }
  }
}

/**
 * Byte offset (from `from`) of every UTF-16 index of the decoded window, and of its end. Invalid
 * bytes decode to one U+FFFD each (TextDecoder's maximal-subpart rule is approximated per byte,
 * which only shifts offsets inside invalid input).
 */
function byteOffsets(b: Uint8Array, from: number, to: number, units: number): Int32Array {
  const map = new Int32Array(units + 1);
  let u = 0;
  let i = from;
  while (i < to && u < units) {
    const c = b[i]!;
    let n = c < 0x80 ? 1 : c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
    if (n > 1) {
      let ok = i + n <= to;
      for (let k = 1; ok && k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) ok = false;
      if (!ok) n = 1;
    }
    map[u++] = i - from;
    if (n === 4 && u < units) map[u++] = i - from;
    i += n;
  }
  while (u <= units) map[u++] = to - from;
  return map;
}
