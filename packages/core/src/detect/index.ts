export {
  checkResidentId,
  isRealDate,
  isValidHkId,
  isValidIpv4,
  isValidIpv6,
  isValidTwId,
  isValidUscc,
  luhn,
  residentIdCheckChar,
  usccCheckChar,
} from "./checksums.js";
export { type ColumnClassification, classifyColumn, MIN_COLUMN_SHARE } from "./classify-column.js";
export { generateLabelledLines, type Label, type LabelledLine, rng, ValueGen } from "./corpus.js";
export { PREFECTURES, PROVINCES } from "./data/admin-divisions.js";
export { isAreaCode, isCardIssuer, MOBILE_SEGMENTS, PLATE_PROVINCES, SAMPLE_BINS } from "./data/codes.js";
export { COMPOUND_SURNAMES, GIVEN_NAME_CHARS, SINGLE_SURNAMES } from "./data/surnames.js";
export { advance, locate } from "./locate.js";
export { applyOperator, generalizeAddress, generalizeValue, maskMiddle, maskPiValue, type PlainOperator, rewrite } from "./mask.js";
export { scanBytes } from "./scan-bytes.js";
export type { TextFinding } from "./scan-text.js";
export { scanText } from "./scan-text.js";
export * from "./types.js";
export {
  compileUserPattern,
  MAX_PATTERN_LENGTH,
  parseUserPattern,
  type UserPattern,
  type UserPatternFinding,
  UserPatternMatcher,
  type UserPatternSpec,
} from "./user-patterns.js";
export { decodeUtf8, encodeUtf8 } from "./utf8.js";
