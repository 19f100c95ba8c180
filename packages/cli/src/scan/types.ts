import type { DetectorType, ScanOptions, UserPatternMatcher } from "@pipguard/core";

/** One finding as `pipguard scan` prints it (shared/specs/pi-detection.md). */
export interface ScanRecord {
  source: string;
  line: number;
  col: number;
  start: number;
  end: number;
  /** A built-in type, or `custom:NAME` for a `--pattern`. */
  type: DetectorType | `custom:${string}`;
  score: number;
  text: string;
}

/** What a file scanner needs: detector options, masking, and where records and notes go. */
export interface FileScanContext {
  readonly opts: ScanOptions;
  readonly reveal: boolean;
  /** User-defined patterns (`--pattern`), when any. */
  readonly patterns?: UserPatternMatcher | undefined;
  record(r: ScanRecord): void;
  note(message: string): void;
  progress(bytes: number): void;
}
