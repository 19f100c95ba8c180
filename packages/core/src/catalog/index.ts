export { assertAppType, assertLegalBasis, assertPiCategory } from "./checks.js";
export {
  type ConsentFacts,
  type ConsentReason,
  type ConsentRequirement,
  type ConsentRule,
  compareConsentKinds,
  consentFactsFor,
  deriveConsentRequirement,
  isConsentSufficient,
  isCrossBorder,
  isThirdPartyProvision,
} from "./consent.js";
export { defaultSensitive } from "./defaults.js";
export {
  CATALOG_DOCUMENT_VERSION,
  type CatalogDocument,
  catalogToDocument,
  type FieldDoc,
  type ImportList,
  type ImportPlan,
  type PurposeDoc,
  planImport,
  type RecipientDoc,
  type RetentionRuleDoc,
  type StoreDoc,
  type SystemDoc,
} from "./document.js";
export { COUNTRY_PATTERN, formatFieldRef, KEY_PATTERN, PERIOD_PATTERN, PURPOSE_CODE_PATTERN, parseFieldRef } from "./keys.js";
export { MATERIAL_PURPOSE_CHANGES, type MaterialPurposeChange, materialPurposeChanges } from "./purpose-change.js";
export { buildRecordOfProcessing, type Citation, type RecordOfProcessing, ROPA_BASIS, type RopaActivity } from "./ropa.js";
export * from "./types.js";
export { type CatalogErrorCode, type CatalogIssue, type CatalogWarningCode, categoriesOfPurposes, validateCatalog } from "./validate.js";
