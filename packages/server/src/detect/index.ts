export { classifyDatabase, type DbColumnFinding, storeKindOf } from "./db-scan.js";
export { type ChatMessage, restoreCompletion, StreamRestorer, tokenizeMessages } from "./gateway.js";
export { parseTypes, REDACT_MODES, type RedactKeys, type RedactMode, type RedactOptions, type RedactResult, redactText, restoreText } from "./redact.js";
export { acceptSuggestion, type FieldSuggestion, listSuggestions, rejectSuggestion, suggestFields } from "./suggestions.js";
export { TokenVault, type VaultData } from "./vault.js";
