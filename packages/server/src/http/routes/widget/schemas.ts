/** Schemas of the consent widget's routes. */
import { z } from "@hono/zod-openapi";
import { CONSENT_ACTIONS } from "@pipguard/core";
import { MAX_TOKEN_TTL_SECONDS } from "../../../widget/subject-token.js";
import { WIDGET_LOCALES } from "../../../widget/widget-service.js";

export const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const appKey = z.string().min(1).max(64).openapi({ description: "the app: a catalog system key", example: "shop" });

export const AppParamsSchema = z.object({ app: appKey });
export const TokenHeaderSchema = z.object({
  "x-pipguard-token": z.string().max(2048).optional().openapi({ description: "the subject token minted by the operator's backend" }),
});

export const MintTokenSchema = z
  .strictObject({
    subjectId: z.string().min(1).max(64),
    app: appKey,
    ttlSeconds: z.number().int().min(60).max(MAX_TOKEN_TTL_SECONDS).optional().openapi({ description: "lifetime; default 3600 (one hour)" }),
  })
  .openapi("MintWidgetToken");
export const MintedTokenSchema = z.object({ token: z.string(), expiresAt: z.string(), app: z.string() }).openapi("WidgetToken");

const ReasonSchema = z.object({ zh: z.string(), en: z.string(), article: z.string() });
export const WidgetConfigSchema = z
  .object({
    app: z.string(),
    organisation: z.object({ nameZh: z.string(), nameEn: z.string() }).nullable(),
    policy: z.object({ version: z.number().int(), hash: z.string(), url: z.string(), childrenUrl: z.string().nullable() }).nullable(),
    purposes: z.array(
      z.object({
        code: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        description: z.string().nullable(),
        kind: z.enum(["general", "separate", "guardian"]),
        sensitive: z.boolean(),
        thirdParty: z.boolean(),
        crossBorder: z.boolean(),
        reasons: z.array(ReasonSchema),
      }),
    ),
    noticeHash: z.object({ "zh-CN": z.string(), en: z.string() }),
  })
  .openapi("WidgetConfig");

export const WidgetStateSchema = z
  .object({
    under14: z.boolean(),
    ageKnown: z.boolean(),
    purposes: z.array(
      z.object({
        purpose: z.string(),
        state: z.enum(CONSENT_ACTIONS).nullable(),
        kind: z.string().nullable(),
        allow: z.boolean(),
        reason: z.string(),
        nonPersonalised: z.boolean(),
        ask: z.boolean(),
        askReason: z.string(),
        retryAfter: z.string().nullable(),
      }),
    ),
  })
  .openapi("WidgetState");

export const WidgetChoicesSchema = z
  .strictObject({
    locale: z.enum(WIDGET_LOCALES),
    policyVersion: z.number().int().min(1),
    noticeHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .openapi({ description: "config.noticeHash[locale] of the notice shown" }),
    guardian: z.boolean().default(false).openapi({ description: "the person said they are under 14 and a guardian chose (kind guardian, PIPL Art. 31)" }),
    choices: z
      .array(z.strictObject({ purpose: z.string().min(1).max(64), choice: z.enum(["agree", "refuse", "dismiss"]) }))
      .min(1)
      .max(100)
      .refine((cs) => new Set(cs.map((c) => c.purpose)).size === cs.length, { message: "one choice per purpose" }),
  })
  .openapi("WidgetChoices");
