/**
 * Schemas of the notices-and-consent routes. Purpose codes are plain strings so the service answers
 * an unknown one with 422 UNKNOWN_PURPOSE rather than a generic 400. Identity values are write-only.
 */
import { z } from "@hono/zod-openapi";
import { AGE_BANDS, CONSENT_ACTIONS, CONSENT_EVENT_KINDS, DECISION_REASONS } from "@pipguard/core";
import { IDENTITY_TYPES, POLICY_KINDS, PROMPT_OUTCOMES } from "../../../consent/index.js";

export const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const id = z.string().min(1).max(64);
const code = z.string().min(1).max(64).openapi({ description: "a purpose code from the catalog", example: "face_login" });
const appKey = z.string().min(1).max(64).openapi({ description: "the app: a catalog system key", example: "shop" });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const IdParamsSchema = z.object({ id });

// policies
export const PolicyDocumentSchema = z
  .object({
    id: z.string(),
    app: z.string(),
    kind: z.enum(POLICY_KINDS),
    title: z.string(),
    currentVersion: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("PolicyDocument");
export const CreatePolicySchema = z.strictObject({ app: appKey, kind: z.enum(POLICY_KINDS), title: z.string().min(1).max(200) }).openapi("CreatePolicy");
export const PatchPolicySchema = z.strictObject({ title: z.string().min(1).max(200) }).openapi("PatchPolicy");
export const PolicyVersionSchema = z
  .object({
    documentId: z.string(),
    version: z.number().int(),
    content: z.string(),
    contentHash: z.string(),
    changeSummary: z.string().nullable(),
    materialChange: z.boolean(),
    effectiveAt: z.string(),
    publishedAt: z.string(),
  })
  .openapi("PolicyVersion");
export const PublishVersionSchema = z
  .strictObject({
    content: z
      .string()
      .min(1)
      .max(500_000)
      .optional()
      .openapi({ description: "required except for an SDK list, which is generated from the catalog's SDK recipients" }),
    changeSummary: z.string().max(5000).nullable().optional(),
    materialChange: z.boolean().optional().openapi({ description: "重大变更: consent given under earlier versions must be renewed (PIPL Art. 14)" }),
    effectiveAt: z.iso.datetime().optional(),
  })
  .openapi("PublishPolicyVersion");
export const VersionParamsSchema = z.object({ id, version: z.coerce.number().int().min(1) });
export const DiffQuerySchema = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
export const DiffSchema = z
  .object({ from: z.number().int(), to: z.number().int(), lines: z.array(z.object({ op: z.enum(["same", "add", "remove"]), text: z.string() })) })
  .openapi("PolicyDiff");

// subjects
export const SubjectSchema = z
  .object({
    id: z.string(),
    identityTypes: z.array(z.enum(IDENTITY_TYPES)),
    ageBand: z.string().nullable(),
    hasBirthDate: z.boolean(),
    under14: z.boolean(),
    guardianId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Subject");
const identity = z.strictObject({ type: z.enum(IDENTITY_TYPES), value: z.string().min(1).max(320) });
export const CreateSubjectSchema = z
  .strictObject({
    identities: z.array(identity).max(10).optional().openapi({ description: "stored encrypted; never returned" }),
    birthDate: isoDate.nullable().optional(),
    ageBand: z.enum(AGE_BANDS).nullable().optional(),
    guardianId: id.nullable().optional(),
  })
  .openapi("CreateSubject");
export const PatchSubjectSchema = CreateSubjectSchema.omit({ identities: true }).openapi("PatchSubject");
export const FindSubjectSchema = identity.openapi("FindSubject");

// consents and decisions
export const RecordConsentSchema = z
  .strictObject({
    subjectId: id,
    app: appKey,
    purpose: code,
    action: z.enum(CONSENT_ACTIONS),
    kind: z.enum(CONSENT_EVENT_KINDS).default("general"),
    policyVersion: z.number().int().min(1).optional().openapi({ description: "the privacy-policy version shown; required for a grant and must be current" }),
    noticeHash: sha256.optional().openapi({ description: "SHA-256 (hex) of the notice text shown; defaults to the policy's content hash" }),
    channel: z.string().min(1).max(32).default("api"),
  })
  .openapi("RecordConsent");
const DecisionSchema = z
  .object({
    allow: z.boolean(),
    reason: z.enum(DECISION_REASONS),
    article: z.string(),
    nonPersonalised: z.boolean().openapi({ description: "serve results not based on personal traits (PIPL Art. 24)" }),
  })
  .openapi("Decision");
export const ConsentEventSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    subjectId: z.string(),
    app: z.string(),
    purpose: z.string(),
    action: z.enum(CONSENT_ACTIONS),
    kind: z.enum(CONSENT_EVENT_KINDS),
    policyVersion: z.number().int(),
    policyHash: z.string(),
    noticeHash: z.string(),
    channel: z.string(),
    at: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("ConsentEvent");
export const RecordedConsentSchema = z.object({ event: ConsentEventSchema, decision: DecisionSchema }).openapi("RecordedConsent");
export const IdempotencyHeaderSchema = z.object({ "idempotency-key": z.string().min(1).max(200).optional() });

export const RecordConsentBatchSchema = z
  .strictObject({
    events: z
      .array(
        RecordConsentSchema.extend({
          idempotencyKey: z.string().min(1).max(200).optional().openapi({ description: "makes a retry of this event safe (scoped to the caller)" }),
        }),
      )
      .min(1)
      .max(1000),
  })
  .openapi("RecordConsentBatch");
export const RecordConsentBatchResultSchema = z
  .object({
    recorded: z.number().int(),
    replayed: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.enum(["recorded", "replayed", "failed"]),
        id: z.string().optional(),
        seq: z.number().int().optional(),
        hash: z.string().optional(),
        code: z.string().optional().openapi({ description: "the stable error code of a failed event (as in problem+json)" }),
        detail: z.string().optional(),
      }),
    ),
  })
  .openapi("RecordConsentBatchResult");

const DecisionRequestSchema = z.strictObject({ subjectId: id, purpose: code, app: appKey.optional() });
export const DecideSchema = z
  .union([DecisionRequestSchema, z.strictObject({ items: z.array(DecisionRequestSchema).min(1).max(1000) })])
  .openapi("DecisionRequest");
export const DecisionAnswerSchema = DecisionSchema.extend({ subjectId: z.string(), purpose: z.string() }).openapi("DecisionAnswer");
export const DecisionResultSchema = z.union([DecisionAnswerSchema, z.object({ items: z.array(DecisionAnswerSchema) })]).openapi("DecisionResult");

export const SubjectConsentsSchema = z
  .object({
    subjectId: z.string(),
    purposes: z.array(
      DecisionAnswerSchema.extend({ state: z.enum(CONSENT_ACTIONS).nullable(), kind: z.enum(CONSENT_EVENT_KINDS).nullable(), at: z.string().nullable() }),
    ),
    events: z.array(ConsentEventSchema),
  })
  .openapi("SubjectConsents");

// prompts
export const ShouldAskQuerySchema = z
  .object({
    subject: id,
    purpose: code.optional(),
    permission: z.string().min(1).max(200).optional().openapi({ example: "android.permission.CAMERA" }),
  })
  .refine((q) => Boolean(q.purpose) !== Boolean(q.permission), { message: "give exactly one of purpose or permission" });
export const ShouldAskSchema = z
  .object({ ask: z.boolean(), reason: z.enum(["consent_in_force", "refused_recently", "may_ask"]), retryAfter: z.string().nullable() })
  .openapi("ShouldAsk");
export const RecordPromptSchema = z
  .strictObject({
    subjectId: id,
    app: appKey,
    purpose: code.optional(),
    permission: z.string().min(1).max(200).optional(),
    outcome: z.enum(PROMPT_OUTCOMES).nullable().optional(),
  })
  .refine((q) => Boolean(q.purpose) !== Boolean(q.permission), { message: "give exactly one of purpose or permission" })
  .openapi("RecordPrompt");

export const PromptSettingSchema = z
  .object({ targetKind: z.string(), target: z.string(), hours: z.number().int(), updatedAt: z.string() })
  .openapi("PromptSetting");
export const SetPromptSettingSchema = z
  .strictObject({
    purpose: code.optional(),
    permission: z.string().min(1).max(200).optional(),
    hours: z.number().int().min(0).max(8760).openapi({ description: "quiet period after a refusal; never below 48 for a permission" }),
  })
  .refine((q) => Boolean(q.purpose) !== Boolean(q.permission), { message: "give exactly one of purpose or permission" })
  .openapi("SetPromptSetting");

// ledger and receipts
export const VerifySchema = z
  .object({
    ok: z.boolean(),
    count: z.number().int(),
    position: z.number().int().optional().openapi({ description: "1-based ledger position where the chain first breaks" }),
    seq: z.number().int().nullable().optional(),
    problem: z.string().optional(),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable().optional(),
  })
  .openapi("LedgerVerification");
export const PublicKeySchema = z.object({ keyId: z.string(), alg: z.literal("Ed25519"), spki: z.string(), pem: z.string() }).openapi("ReceiptPublicKey");
