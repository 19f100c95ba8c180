/** Defaults the catalog fills in when an operator leaves a value out. */
import { isSensitiveByDefault } from "../taxonomy/pi-categories.js";
import { findPiType } from "../taxonomy/pi-types.js";

/** Whether a field is sensitive PI unless told otherwise: GB/T 35273-2020 Table B.1 lists its category or its PI type. */
export function defaultSensitive(category: string, piType: string | null | undefined): boolean {
  return isSensitiveByDefault(category) || Boolean(piType && findPiType(piType)?.sensitive);
}
