export * from "./calendar/index.js";
export * from "./catalog/index.js";
export type { DomainErrorCode } from "./errors.js";
export { DomainError, isDomainError } from "./errors.js";
export type * from "./ports/index.js";
export * from "./taxonomy/index.js";
