/**
 * Detector type ids and their GB/T 35273-2020 placement (shared/specs/pi-detection.md). The ids,
 * categories and sensitivity match taxonomy/pi-types.ts, which is the single source for the table.
 */
import { PI_TYPES } from "../taxonomy/pi-types.js";

export const DETECTOR_TYPES = [
  "cn_resident_id",
  "cn_mobile",
  "cn_landline",
  "bank_card",
  "email",
  "cn_passport",
  "cn_travel_permit",
  "hk_id",
  "tw_id",
  "cn_uscc",
  "cn_license_plate",
  "ipv4",
  "ipv6",
  "mac_address",
  "imei",
  "qq_number",
  "wechat_id",
  "person_name",
  "cn_address",
  "birth_date",
] as const;
export type DetectorType = (typeof DETECTOR_TYPES)[number];

/** Types found by dictionaries and grammar rather than by shape and checksum (slower, opt-in for speed). */
export const DICTIONARY_TYPES: readonly DetectorType[] = ["person_name", "cn_address"];

/** One finding: byte offsets into the scanned bytes (end exclusive) and a score in [0, 1]. */
export interface PiFinding {
  readonly type: DetectorType;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** A finding with its position for people: 1-based line, 1-based column in code points. */
export interface LocatedFinding extends PiFinding {
  readonly line: number;
  readonly col: number;
}

/** Options of a scan. */
export interface ScanOptions {
  /** Restrict to these types; all when absent. */
  readonly types?: ReadonlySet<DetectorType> | undefined;
  /** Drop findings scored below this (default 0.5). */
  readonly minScore?: number | undefined;
  /** A column name or JSON key the scanned value came from; a matching keyword raises scores. */
  readonly fieldName?: string | undefined;
}

/** Default threshold: a value whose checksum passes or that sits next to a keyword. */
export const DEFAULT_MIN_SCORE = 0.5;

/** True when `x` is a detector type id. */
export function isDetectorType(x: string): x is DetectorType {
  return (DETECTOR_TYPES as readonly string[]).includes(x);
}

/** GB/T 35273 category id and sensitivity of a detector type (from the taxonomy). */
export function detectorTypeInfo(type: DetectorType): { categoryId: string | null; sensitive: boolean } {
  const t = PI_TYPES.find((p) => p.id === type);
  return { categoryId: t?.categoryId ?? null, sensitive: t?.sensitive ?? false };
}
