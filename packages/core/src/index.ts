export type { DomainErrorCode } from "./errors.js";
export { DomainError, isDomainError } from "./errors.js";
export type * from "./ports/index.js";
