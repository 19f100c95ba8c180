/**
 * The one error type of pipguard's domain. The HTTP edge maps `code` to a status in one table
 * (server/src/http/problem.ts); the CLI maps it to exit code 1. A message never carries personal data.
 */
export type DomainErrorCode =
  // request shape
  | "VALIDATION_FAILED"
  | "MALFORMED_JSON"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "ALREADY_EXISTS"
  | "IDEMPOTENCY_KEY_REUSED"
  // auth
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "CSRF_TOKEN_INVALID"
  | "INVALID_CREDENTIALS"
  | "SETUP_TOKEN_INVALID"
  | "SETUP_ALREADY_DONE"
  | "RATE_LIMITED"
  // catalog and taxonomy
  | "UNKNOWN_PI_CATEGORY"
  | "UNKNOWN_APP_TYPE"
  | "UNKNOWN_LEGAL_BASIS"
  | "UNKNOWN_REFERENCE"
  | "REFERENCE_IN_USE"
  | "INVALID_CATALOG"
  // calendar
  | "INVALID_DATE"
  | "CALENDAR_RANGE_EXCEEDED"
  // jobs
  | "UNKNOWN_JOB_TYPE"
  // rights requests
  | "REQUEST_TRANSITION_NOT_ALLOWED"
  | "EXTENSION_LIMIT_REACHED"
  | "VERIFICATION_FAILED"
  | "NOT_CONFIGURED"
  // app audit
  | "INVALID_TRACE"
  | "INVALID_AUDIT_INPUT"
  // configuration and everything else
  | "CONFIG_INVALID"
  | "SERVICE_UNAVAILABLE"
  // notices and consent
  | "UNKNOWN_PURPOSE"
  | "SEPARATE_CONSENT_REQUIRED"
  | "GUARDIAN_CONSENT_REQUIRED"
  | "POLICY_VERSION_NOT_CURRENT"
  // PI detection: a gateway policy refused a prompt carrying sensitive PI (PIPL Art. 28)
  | "SENSITIVE_PI_REFUSED"
  // consent widget: subject tokens and browser origins
  | "WIDGET_TOKEN_INVALID"
  | "WIDGET_TOKEN_EXPIRED"
  | "ORIGIN_NOT_ALLOWED"
  // protection: contractor grants (PIPL Art. 21) and reveals
  | "GRANT_REVOKED"
  | "GRANT_SUSPENDED"
  | "GRANT_EXPIRED"
  | "OUTSIDE_ALLOWED_HOURS"
  | "ACCESS_QUOTA_EXCEEDED"
  | "JUSTIFICATION_REQUIRED"
  // protection of operator columns: a column that cannot be encrypted in place; a stored value that
  // does not decrypt (tampered, or under a key this database does not hold)
  | "COLUMN_NOT_PROTECTABLE"
  | "DECRYPTION_FAILED"
  | "INTERNAL";

/** A rule or input check failed; `details` may name fields but never echoes their values. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a DomainError (optionally of the given code). */
export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}
