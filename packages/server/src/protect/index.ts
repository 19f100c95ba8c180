/** Protection of the operator's own columns: encryption in place, transparent reads, undo. */
export { blindIndexOf, ciphertextLength, indexColumnOf, isProtectedValue, placeOf, SCHEMES, type SchemeName } from "./column-cipher.js";
export {
  listProtectedColumns,
  type ProtectColumnInput,
  type ProtectColumnResult,
  type ProtectProgress,
  protectColumn,
  type RunOptions,
  widenedType,
} from "./protect-column.js";
export { type ProtectedColumn, ProtectedColumnRepo, type ProtectStatus } from "./protected-columns-repo.js";
