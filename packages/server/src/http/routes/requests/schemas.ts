import { z } from "@hono/zod-openapi";
import { REFUSAL_REASONS, REQUEST_STATUSES, REQUEST_TYPES } from "@pipguard/core";

const refusalCodes = REFUSAL_REASONS.map((r) => r.code) as [string, ...string[]];

export const SubmitRequestSchema = z
  .strictObject({
    type: z.enum(REQUEST_TYPES),
    channel: z.enum(["email", "sms"]),
    contact: z.string().min(3).max(254).openapi({ description: "the e-mail address or mainland mobile number the code goes to" }),
    details: z.string().max(2000).optional(),
    deceasedRelative: z.boolean().optional().openapi({ description: "a close relative of a deceased person (PIPL Art. 49)" }),
  })
  .openapi("SubmitRightsRequest");
export const IdempotencyHeaderSchema = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "retries with the same key and body answer the first request; scoped to the caller (API key, user, or client address)" }),
});
export const RecordRequestSchema = SubmitRequestSchema.extend({
  verifiedNote: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .openapi({ description: "identity checked in person (say how): the request starts in progress and no code is sent" }),
}).openapi("RecordRightsRequest");
export const SubmittedSchema = z.object({ id: z.string(), status: z.string(), message: z.string() }).openapi("SubmittedRightsRequest");
export const VerifySchema = z.strictObject({ code: z.string().regex(/^\d{6}$/) }).openapi("VerifyRightsRequest");
export const VerifiedSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    dueOn: z.string(),
    requesterToken: z.string().openapi({
      description:
        "shown once: send it as X-Requester-Token to follow (GET /api/v1/requests/{id}/status) or withdraw (POST /api/v1/requests/{id}/withdraw) this request",
    }),
  })
  .openapi("VerifiedRightsRequest");
export const RequesterTokenHeaderSchema = z.object({
  "x-requester-token": z.string().min(1).max(200).optional().openapi({ description: "the requesterToken answered when the code was verified" }),
});
export const WithdrawSchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).openapi("WithdrawRightsRequest");
export const RequesterViewSchema = z
  .object({
    id: z.string(),
    type: z.enum(REQUEST_TYPES),
    status: z.enum(REQUEST_STATUSES),
    receivedAt: z.string(),
    dueOn: z.string(),
    workingDaysLeft: z.number().int(),
    refusalReason: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .openapi("RightsRequestRequesterView");

export const RequestSummarySchema = z
  .object({
    id: z.string(),
    type: z.enum(REQUEST_TYPES),
    status: z.enum(REQUEST_STATUSES),
    deceasedRelative: z.boolean(),
    channel: z.enum(["email", "sms"]),
    receivedAt: z.string(),
    dueOn: z.string(),
    dueProvisional: z.boolean(),
    extendedDays: z.number().int(),
    workingDaysLeft: z.number().int(),
    isOverdue: z.boolean(),
    assigneeId: z.string().nullable(),
    refusalReason: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .openapi("RightsRequestSummary");
export const RequestEventSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    actorKind: z.string(),
    actorId: z.string().nullable(),
    note: z.string().nullable(),
    at: z.string(),
  })
  .openapi("RightsRequestEvent");
export const RunViewSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    jobId: z.string(),
    mode: z.enum(["export", "erase"]),
    status: z.enum(["queued", "running", "retrying", "succeeded", "failed"]),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    stores: z.array(
      z.object({
        storeKey: z.string(),
        done: z.boolean(),
        attempt: z.number().int().nullable(),
        finishedAt: z.string().nullable(),
        tables: z.array(z.object({ table: z.string(), action: z.string().optional(), rows: z.number().int() })),
      }),
    ),
  })
  .openapi("RightsRequestRun");
export const RequestDetailSchema = RequestSummarySchema.extend({
  contact: z.string(),
  details: z.string().nullable(),
  events: z.array(RequestEventSchema),
  extensions: z.array(
    z.object({
      workingDays: z.number().int(),
      reason: z.string(),
      previousDue: z.string(),
      newDue: z.string(),
      actorId: z.string().nullable(),
      at: z.string(),
    }),
  ),
  reminders: z.object({
    fiveDaysLeftOn: z.string(),
    twoDaysLeftOn: z.string(),
    fiveDaysLeftSent: z.boolean(),
    twoDaysLeftSent: z.boolean(),
    overdueEscalatedAt: z.string().nullable(),
  }),
  runs: z.array(RunViewSchema),
}).openapi("RightsRequestDetail");
export const CountsSchema = z
  .object({ byStatus: z.record(z.string(), z.number().int()), dueThisWeek: z.number().int(), overdue: z.number().int() })
  .openapi("RightsRequestCounts");
export const ListQuerySchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  assigneeId: z.string().min(1).max(64).optional(),
  dueBy: z.iso.date().optional(),
  overdue: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  after: z.string().min(1).max(64).optional(),
});
export const MessageSchema = z
  .object({
    id: z.string(),
    requestId: z.string().nullable(),
    channel: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi("RightsRequestMessage");
export const AssignSchema = z.strictObject({ assigneeId: z.string().min(1).max(64).nullable() }).openapi("AssignRightsRequest");
export const NoteSchema = z.strictObject({ note: z.string().trim().min(1).max(4000) }).openapi("RightsRequestNote");
export const OptionalNoteSchema = z.strictObject({ note: z.string().trim().min(1).max(4000).optional() }).openapi("RightsRequestOptionalNote");
export const ExtendSchema = z
  .strictObject({ workingDays: z.number().int().min(1).max(15), reason: z.string().trim().min(1).max(500) })
  .openapi("ExtendRightsRequest");
export const RefuseSchema = z
  .strictObject({ reason: z.enum(refusalCodes), note: z.string().trim().min(1).max(4000).optional() })
  .openapi("RefuseRightsRequest");
export const RunSchema = z
  .strictObject({ dryRun: z.boolean().optional(), stores: z.array(z.string().min(1).max(100)).max(50).optional() })
  .openapi("RunRightsRequest");
export const RunResultSchema = z
  .object({
    id: z.string(),
    dryRun: z.boolean(),
    stores: z.array(
      z.object({
        storeKey: z.string(),
        dryRun: z.boolean().optional(),
        tables: z.array(z.object({ table: z.string(), action: z.string().optional(), rows: z.number().int() })),
      }),
    ),
  })
  .openapi("RightsRequestRunResult");
export const RefusalReasonSchema = z.object({ code: z.string(), labelZh: z.string(), labelEn: z.string(), legalBasis: z.string() }).openapi("RefusalReason");
export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });
export const CorrectSchema = z
  .strictObject({
    store: z.string().min(1).max(100),
    table: z.string().min(1).max(128),
    column: z.string().min(1).max(128),
    value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
  })
  .openapi("CorrectRightsRequest");
export const CorrectionSchema = z
  .object({ storeKey: z.string(), table: z.string(), column: z.string(), rows: z.number().int(), before: z.array(z.unknown()), after: z.unknown() })
  .openapi("RightsRequestCorrection");
