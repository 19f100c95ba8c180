/** Schemas of the contractor-access and protection routes. */
import { z } from "@hono/zod-openapi";
import { DETECTOR_TYPES, FIELD_MASKS, FILTER_OPS, VIEW_IDENTITY_TYPES } from "@pipguard/core";

export const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ViewFieldSchema = z.strictObject({
  column: z.string().min(1).max(63),
  as: z.string().min(1).max(63).optional(),
  mask: z.enum(FIELD_MASKS),
  piType: z.enum(DETECTOR_TYPES).optional(),
});
export const FilterConditionSchema = z.strictObject({
  column: z.string().min(1).max(63),
  op: z.enum(FILTER_OPS),
  value: z.union([z.string().max(200), z.number(), z.boolean()]).optional(),
  values: z
    .array(z.union([z.string().max(200), z.number()]))
    .max(100)
    .optional(),
});
export const ViewSpecSchema = z
  .strictObject({
    name: z.string().min(1).max(63),
    store: z.string().min(1).max(100),
    table: z.string().min(1).max(63),
    fields: z.array(ViewFieldSchema).min(1).max(100),
    filter: z.array(FilterConditionSchema).max(20).default([]),
    subject: z.strictObject({ column: z.string().min(1).max(63), identity: z.enum(VIEW_IDENTITY_TYPES) }),
  })
  .openapi("AccessViewSpec");
export const ViewSchema = z.object({ id: z.string(), spec: ViewSpecSchema, createdAt: z.string() }).openapi("AccessView");
export const ContractorSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi("Contractor");
export const ContractorKeySchema = z
  .object({ keyId: z.string(), contractorId: z.string(), secret: z.string().openapi({ description: "shown once; give it to the contractor now" }) })
  .openapi("ContractorKey");
const HoursSchema = z.strictObject({ start: z.number().int().min(0).max(24), end: z.number().int().min(0).max(24) });
export const GrantInputSchema = z
  .strictObject({
    contractor: z.string().min(1).max(200).openapi({ description: "contractor id or name" }),
    view: z.string().min(1).max(63),
    purpose: z.string().min(1).max(100).openapi({ description: "catalog purpose code, e.g. telemarketing" }),
    expiresAt: z.string().datetime({ offset: true }),
    dailyRowQuota: z.number().int().min(1).max(100_000_000),
    allowedHours: HoursSchema.nullable().optional().openapi({ description: "Asia/Shanghai hours [start, end)" }),
    autoSuspend: z.boolean().optional(),
  })
  .openapi("GrantInput");
export const GrantSchema = z
  .object({
    id: z.string(),
    contractorId: z.string(),
    viewId: z.string(),
    viewName: z.string(),
    purpose: z.string(),
    status: z.enum(["active", "suspended", "revoked"]),
    expiresAt: z.string(),
    dailyRowQuota: z.number().int(),
    allowedHours: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
    autoSuspend: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Grant");
export const AlertSchema = z
  .object({
    id: z.string(),
    grantId: z.string(),
    kind: z.string(),
    detail: z.record(z.string(), z.unknown()),
    suspended: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("AccessAlert");
export const PullSchema = z
  .object({
    view: z.string(),
    grantId: z.string(),
    purpose: z.string(),
    items: z.array(z.record(z.string(), Cell)).openapi({ description: "masked rows; `ref` names a row for a reveal" }),
    nextCursor: z.string().nullable(),
    usedToday: z.number().int(),
    dailyRowQuota: z.number().int(),
  })
  .openapi("AccessPull");
export const RevealInputSchema = z
  .strictObject({
    ref: z.string().min(1).max(2000),
    field: z.string().min(1).max(63),
    justification: z.string().max(2000).optional().openapi({ description: "why the clear value is needed (at least 15 characters)" }),
    grant: z.string().max(64).optional(),
  })
  .openapi("RevealInput");
export const RevealSchema = z.object({ ref: z.string(), field: z.string(), value: Cell }).openapi("Reveal");
export const AccessVerifySchema = z
  .object({
    ok: z.boolean(),
    count: z.number().int(),
    position: z.number().int().optional().openapi({ description: "1-based position where the chain first breaks" }),
    seq: z.number().int().nullable().optional(),
    problem: z.string().optional(),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable().optional(),
  })
  .openapi("AccessLogVerification");
const ScoreSchema = z.object({
  grantId: z.string(),
  contractor: z.string().nullable(),
  canaryHits: z.number().int(),
  canariesIssued: z.number().int(),
  refHits: z.number().int(),
  confidence: z.number(),
});
export const TraceInputSchema = z.strictObject({ content: z.string().min(1), format: z.enum(["csv", "json"]).optional() }).openapi("LeakTraceInput");
export const TraceSchema = z.object({ rows: z.number().int(), source: ScoreSchema.nullable(), scores: z.array(ScoreSchema) }).openapi("LeakTrace");
