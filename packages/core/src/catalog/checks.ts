/** Single-value checks the catalog's write paths run before storing, each throwing its own error code. */
import { DomainError } from "../errors.js";
import { isAppTypeId } from "../taxonomy/app-types.js";
import { isLegalBasisId, type LegalBasisId } from "../taxonomy/legal-bases.js";
import { isPiCategoryId } from "../taxonomy/pi-categories.js";

/** Throws UNKNOWN_PI_CATEGORY unless `id` is a GB/T 35273-2020 Table A.1 category. */
export function assertPiCategory(id: string): void {
  if (!isPiCategoryId(id))
    throw new DomainError("UNKNOWN_PI_CATEGORY", "not a GB/T 35273-2020 Table A.1 category; see GET /api/v1/catalog/taxonomy/pi-categories");
}

/** Throws UNKNOWN_LEGAL_BASIS unless `id` is one of the PIPL Art. 13 legal bases. */
export function assertLegalBasis(id: string): asserts id is LegalBasisId {
  if (!isLegalBasisId(id)) throw new DomainError("UNKNOWN_LEGAL_BASIS", "not a PIPL Art. 13 legal basis; see GET /api/v1/catalog/taxonomy/legal-bases");
}

/** Throws UNKNOWN_APP_TYPE unless `id` is one of the 39 app types. */
export function assertAppType(id: string): void {
  if (!isAppTypeId(id)) throw new DomainError("UNKNOWN_APP_TYPE", "not one of the 39 app types; see GET /api/v1/catalog/taxonomy/app-types");
}
