import { z } from "@hono/zod-openapi";
import { DETECTOR_TYPES } from "@pipguard/core";
import { REDACT_MODES } from "../../../detect/redact.js";

/** At most 1 MB of text per call: prompts and documents, not bulk data (use `pipguard scan`). */
const MAX_TEXT = 1_000_000;

export const RedactRequestSchema = z
  .strictObject({
    text: z.string().max(MAX_TEXT),
    mode: z.enum(REDACT_MODES).default("mask").openapi({ description: "mask | replace | redact | generalize | tokenize | hash (HMAC) | encrypt (AES-GCM)" }),
    types: z.array(z.enum(DETECTOR_TYPES)).max(DETECTOR_TYPES.length).optional(),
    minScore: z.number().min(0).max(1).optional(),
    vaultId: z.string().min(1).max(64).optional().openapi({ description: "continue a tokenize session: the same value gets the same token" }),
  })
  .openapi("RedactRequest");
export type RedactRequest = z.infer<typeof RedactRequestSchema>;

export const FindingSchema = z
  .object({
    type: z.enum(DETECTOR_TYPES),
    start: z.number().int().openapi({ description: "UTF-8 byte offset in the input" }),
    end: z.number().int(),
    score: z.number(),
  })
  .openapi("PiFinding");

export const RedactResponseSchema = z
  .object({
    text: z.string(),
    findings: z.array(FindingSchema),
    vaultId: z.string().optional().openapi({ description: "tokenize only: pass it to /restore" }),
  })
  .openapi("RedactResponse");

export const RestoreRequestSchema = z
  .strictObject({
    text: z.string().max(MAX_TEXT),
    vaultId: z.string().min(1).max(64).optional().openapi({ description: "the session of tokenized values" }),
  })
  .openapi("RestoreRequest");

export const RestoreResponseSchema = z.object({ text: z.string() }).openapi("RestoreResponse");
