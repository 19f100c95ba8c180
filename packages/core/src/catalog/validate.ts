/**
 * Checks a whole catalog: errors (unknown taxonomy ids, dangling references, duplicates, malformed
 * values) make it unusable; warnings point at compliance gaps worth fixing. Paths name the entity
 * by its position, e.g. `purposes[2].legalBasis`.
 */
import { isAppTypeId } from "../taxonomy/app-types.js";
import { isLegalBasisId } from "../taxonomy/legal-bases.js";
import { findPiCategory, isPiCategoryId } from "../taxonomy/pi-categories.js";
import { findPiType } from "../taxonomy/pi-types.js";
import { consentFactsFor, deriveConsentRequirement, isConsentSufficient } from "./consent.js";
import { COUNTRY_PATTERN, KEY_PATTERN, PERIOD_PATTERN, PURPOSE_CODE_PATTERN } from "./keys.js";
import type { Catalog } from "./types.js";

/** Error codes are DomainErrorCodes, so a caller can throw the first one as is. */
export type CatalogErrorCode = "UNKNOWN_PI_CATEGORY" | "UNKNOWN_APP_TYPE" | "UNKNOWN_LEGAL_BASIS" | "UNKNOWN_REFERENCE" | "ALREADY_EXISTS" | "INVALID_CATALOG";

export type CatalogWarningCode =
  | "CONSENT_KIND_INSUFFICIENT"
  | "SENSITIVE_NOT_FLAGGED"
  | "UNKNOWN_PI_TYPE"
  | "PI_TYPE_CATEGORY_MISMATCH"
  | "PURPOSE_WITHOUT_FIELDS"
  | "FIELD_WITHOUT_PURPOSE"
  | "NO_RETENTION_RULE"
  | "AUTOMATED_DECISION_MARKED_NECESSARY"
  | "RECIPIENT_WITHOUT_PURPOSE"
  | "RECIPIENT_CATEGORY_OUTSIDE_PURPOSES";

export type CatalogIssue =
  | { severity: "error"; code: CatalogErrorCode; path: string; message: string; article?: string }
  | { severity: "warning"; code: CatalogWarningCode; path: string; message: string; article?: string };

/** Every problem of the catalog, errors first, each with a stable code and a path. */
export function validateCatalog(catalog: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const err = (code: CatalogErrorCode, path: string, message: string) => issues.push({ severity: "error", code, path, message });
  const warn = (code: CatalogWarningCode, path: string, message: string, article?: string) =>
    issues.push({ severity: "warning", code, path, message, ...(article ? { article } : {}) });

  const systemIds = new Set(catalog.systems.map((s) => s.id));
  const storeIds = new Set(catalog.stores.map((s) => s.id));
  const fieldIds = new Set(catalog.fields.map((f) => f.id));
  const purposeIds = new Set(catalog.purposes.map((p) => p.id));

  unique(catalog.systems, (s) => s.key, "systems", "key", err);
  unique(catalog.stores, (s) => s.key, "stores", "key", err);
  unique(catalog.fields, (f) => `${f.storeId}\u0000${f.table}\u0000${f.column}`, "fields", "column", err);
  unique(catalog.purposes, (p) => p.code, "purposes", "code", err);
  unique(catalog.recipients, (r) => r.key, "recipients", "key", err);
  unique(catalog.retentionRules, (r) => r.key, "retentionRules", "key", err);

  catalog.systems.forEach((s, i) => {
    if (!KEY_PATTERN.test(s.key)) err("INVALID_CATALOG", `systems[${i}].key`, "a key is 1–64 letters, digits, '_' or '-'");
    if (s.appType !== null && !isAppTypeId(s.appType)) err("UNKNOWN_APP_TYPE", `systems[${i}].appType`, `'${s.appType}' is not one of the 39 app types`);
  });
  catalog.stores.forEach((s, i) => {
    if (!KEY_PATTERN.test(s.key)) err("INVALID_CATALOG", `stores[${i}].key`, "a key is 1–64 letters, digits, '_' or '-'");
    if (!systemIds.has(s.systemId)) err("UNKNOWN_REFERENCE", `stores[${i}].system`, "no such system");
  });
  const usedFields = new Set(catalog.purposes.flatMap((p) => p.fieldIds));
  catalog.fields.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (!storeIds.has(f.storeId)) err("UNKNOWN_REFERENCE", `${at}.store`, "no such data store");
    if (!f.table || !f.column) err("INVALID_CATALOG", `${at}.column`, "table and column must not be empty");
    if (!isPiCategoryId(f.category)) err("UNKNOWN_PI_CATEGORY", `${at}.category`, `'${f.category}' is not a GB/T 35273-2020 Table A.1 category`);
    const type = f.piType === null ? undefined : findPiType(f.piType);
    if (f.piType !== null && !type) warn("UNKNOWN_PI_TYPE", `${at}.piType`, `'${f.piType}' is not a known PI type`);
    if (type?.categoryId && isPiCategoryId(f.category) && type.categoryId !== f.category) {
      warn("PI_TYPE_CATEGORY_MISMATCH", `${at}.category`, `PI type '${type.id}' belongs to category '${type.categoryId}'`);
    }
    if (!f.sensitive && (findPiCategory(f.category)?.sensitivity === "sensitive" || type?.sensitive)) {
      warn("SENSITIVE_NOT_FLAGGED", `${at}.sensitive`, "GB/T 35273-2020 Appendix B lists this as sensitive PI", "PIPL Art. 28");
    }
    if (!usedFields.has(f.id)) warn("FIELD_WITHOUT_PURPOSE", at, "no purpose uses this field: PI without a purpose should not be kept", "PIPL Art. 6");
  });

  const retained = new Set(catalog.retentionRules.map((r) => r.purposeId));
  catalog.purposes.forEach((p, i) => {
    const at = `purposes[${i}]`;
    if (!PURPOSE_CODE_PATTERN.test(p.code)) err("INVALID_CATALOG", `${at}.code`, "a code is 1–64 lower-case letters, digits, '_', '.' or '-'");
    if (!isLegalBasisId(p.legalBasis)) err("UNKNOWN_LEGAL_BASIS", `${at}.legalBasis`, `'${p.legalBasis}' is not one of the PIPL Art. 13 legal bases`);
    p.fieldIds.forEach((id, j) => {
      if (!fieldIds.has(id)) err("UNKNOWN_REFERENCE", `${at}.fields[${j}]`, "no such field");
    });
    if (p.fieldIds.length === 0) warn("PURPOSE_WITHOUT_FIELDS", `${at}.fields`, "the purpose lists no fields", "PIPL Art. 17(2)");
    if (!retained.has(p.id)) warn("NO_RETENTION_RULE", at, "no retention rule names this purpose", "PIPL Art. 19");
    if (p.automatedDecision && p.necessity === "necessary") {
      warn(
        "AUTOMATED_DECISION_MARKED_NECESSARY",
        `${at}.necessity`,
        "targeted push and marketing must offer a non-targeted option or an easy refusal",
        "PIPL Art. 24",
      );
    }
    if (isLegalBasisId(p.legalBasis)) {
      const required = deriveConsentRequirement(consentFactsFor(p, catalog));
      if (!isConsentSufficient(p.consentKind, required.kind)) {
        const articles = required.reasons.filter((r) => r.kind === required.kind).map((r) => r.article);
        warn("CONSENT_KIND_INSUFFICIENT", `${at}.consentKind`, `declared '${p.consentKind}' but '${required.kind}' consent is required`, articles.join(", "));
      }
    }
  });

  catalog.recipients.forEach((r, i) => {
    const at = `recipients[${i}]`;
    if (!KEY_PATTERN.test(r.key)) err("INVALID_CATALOG", `${at}.key`, "a key is 1–64 letters, digits, '_' or '-'");
    if (!COUNTRY_PATTERN.test(r.country)) err("INVALID_CATALOG", `${at}.country`, "country is an ISO 3166-1 alpha-2 code such as CN or SG");
    r.purposeIds.forEach((id, j) => {
      if (!purposeIds.has(id)) err("UNKNOWN_REFERENCE", `${at}.purposes[${j}]`, "no such purpose");
    });
    r.piCategories.forEach((c, j) => {
      if (!isPiCategoryId(c)) err("UNKNOWN_PI_CATEGORY", `${at}.piCategories[${j}]`, `'${c}' is not a GB/T 35273-2020 Table A.1 category`);
    });
    if (r.purposeIds.length === 0) warn("RECIPIENT_WITHOUT_PURPOSE", `${at}.purposes`, "the recipient serves no purpose", "PIPL Art. 23");
    const collected = categoriesOfPurposes(catalog, r.purposeIds);
    const beyond = r.piCategories.filter((c) => isPiCategoryId(c) && r.purposeIds.length > 0 && !collected.has(c));
    if (beyond.length > 0) {
      warn(
        "RECIPIENT_CATEGORY_OUTSIDE_PURPOSES",
        `${at}.piCategories`,
        `receives categories its purposes do not process: ${beyond.join(", ")}`,
        "PIPL Art. 23",
      );
    }
  });

  catalog.retentionRules.forEach((r, i) => {
    const at = `retentionRules[${i}]`;
    if (!KEY_PATTERN.test(r.key)) err("INVALID_CATALOG", `${at}.key`, "a key is 1–64 letters, digits, '_' or '-'");
    if (r.purposeId === null && r.storeId === null) err("INVALID_CATALOG", at, "a retention rule names a purpose, a store, or both");
    if (r.purposeId !== null && !purposeIds.has(r.purposeId)) err("UNKNOWN_REFERENCE", `${at}.purpose`, "no such purpose");
    if (r.storeId !== null && !storeIds.has(r.storeId)) err("UNKNOWN_REFERENCE", `${at}.store`, "no such data store");
    if (!PERIOD_PATTERN.test(r.period)) err("INVALID_CATALOG", `${at}.period`, "period is an ISO 8601 duration such as P30D or P3Y");
  });

  return [...issues.filter((x) => x.severity === "error"), ...issues.filter((x) => x.severity === "warning")];
}

/** The GB/T 35273 categories of the fields the given purposes use. */
export function categoriesOfPurposes(catalog: Pick<Catalog, "fields" | "purposes">, purposeIds: readonly string[]): Set<string> {
  const wanted = new Set(purposeIds);
  const fieldIds = new Set(catalog.purposes.filter((p) => wanted.has(p.id)).flatMap((p) => p.fieldIds));
  return new Set(catalog.fields.filter((f) => fieldIds.has(f.id)).map((f) => f.category));
}

function unique<T>(
  items: readonly T[],
  keyOf: (t: T) => string,
  list: string,
  prop: string,
  err: (code: CatalogErrorCode, path: string, m: string) => void,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    if (seen.has(k)) err("ALREADY_EXISTS", `${list}[${i}].${prop}`, `duplicate ${prop}`);
    seen.add(k);
  });
}
