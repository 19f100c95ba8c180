export { APP_TYPES, APP_TYPES_SOURCE, type AppType, findAppType, isAppTypeId, NECESSARY_PI_DEFINITION, NO_REFUSAL_RULE } from "./app-types.js";
export { findLegalBasis, isLegalBasisId, LEGAL_BASES, LEGAL_BASES_SOURCE, LEGAL_BASIS_IDS, type LegalBasis, type LegalBasisId } from "./legal-bases.js";
export {
  findPiCategory,
  isPiCategoryId,
  isSensitiveByDefault,
  PI_CATEGORIES,
  PI_CATEGORIES_SOURCE,
  PIPL_ART28_SENSITIVE_KINDS,
  type PiCategory,
  type PiSensitivity,
  SENSITIVE_PI_DEFINITION_ZH,
  SENSITIVE_PI_TABLE_B1,
  type SensitivePiRow,
} from "./pi-categories.js";
export { findPiType, PI_TYPES, type PiType } from "./pi-types.js";
