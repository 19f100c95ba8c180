import { z } from "@hono/zod-openapi";
import { DomainError, type DomainErrorCode } from "@pipguard/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one table from domain error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<DomainErrorCode, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  INVALID_CREDENTIALS: 401,
  SETUP_TOKEN_INVALID: 401,
  SETUP_ALREADY_DONE: 409,
  RATE_LIMITED: 429,
  UNKNOWN_PI_CATEGORY: 422,
  UNKNOWN_APP_TYPE: 422,
  UNKNOWN_LEGAL_BASIS: 422,
  UNKNOWN_REFERENCE: 422,
  REFERENCE_IN_USE: 409,
  INVALID_CATALOG: 422,
  INVALID_DATE: 400,
  CALENDAR_RANGE_EXCEEDED: 422,
  UNKNOWN_JOB_TYPE: 422,
  REQUEST_TRANSITION_NOT_ALLOWED: 409,
  EXTENSION_LIMIT_REACHED: 422,
  VERIFICATION_FAILED: 422,
  NOT_CONFIGURED: 501,
  INVALID_TRACE: 422,
  INVALID_AUDIT_INPUT: 422,
  CONFIG_INVALID: 500,
  SERVICE_UNAVAILABLE: 503,
  UNKNOWN_PURPOSE: 422,
  SEPARATE_CONSENT_REQUIRED: 422,
  GUARDIAN_CONSENT_REQUIRED: 422,
  POLICY_VERSION_NOT_CURRENT: 409,
  SENSITIVE_PI_REFUSED: 422,
  WIDGET_TOKEN_INVALID: 401,
  WIDGET_TOKEN_EXPIRED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  GRANT_REVOKED: 403,
  GRANT_SUSPENDED: 403,
  GRANT_EXPIRED: 403,
  OUTSIDE_ALLOWED_HOURS: 403,
  ACCESS_QUOTA_EXCEEDED: 429,
  JUSTIFICATION_REQUIRED: 422,
  COLUMN_NOT_PROTECTABLE: 422,
  DECRYPTION_FAILED: 500,
  INTERNAL: 500,
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

/** RFC 9457 problem+json for a domain error; 5xx details are generic so internals never leak. */
export function problemJson(c: Context, err: DomainError): Response {
  const status = STATUS_BY_CODE[err.code] ?? 500;
  const body: Problem = {
    type: `https://pipguard.dev/problems/${err.code.toLowerCase().replaceAll("_", "-")}`,
    title: err.code,
    status,
    code: err.code,
    detail: status >= 500 ? "an internal error occurred; quote the requestId when reporting it" : err.message,
    requestId: (c.get("requestId") as string | undefined) ?? "unknown",
  };
  const issues = err.details?.issues;
  if (Array.isArray(issues)) body.errors = issues as Problem["errors"];
  c.header("Content-Type", "application/problem+json");
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
}

/** Shorthand to build and render a DomainError. */
export function problem(c: Context, code: DomainErrorCode, message: string): Response {
  return problemJson(c, new DomainError(code, message));
}
