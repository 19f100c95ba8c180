/** Read-only taxonomy routes: the project's own copies of GB/T 35273, the 39 app types and PIPL Art. 13. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  APP_TYPES,
  APP_TYPES_SOURCE,
  LEGAL_BASES,
  LEGAL_BASES_SOURCE,
  PI_CATEGORIES,
  PI_CATEGORIES_SOURCE,
  PI_TYPES,
  SENSITIVE_PI_TABLE_B1,
} from "@pipguard/core";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const source = { source: z.string(), verification: z.string() };

const PiCategoriesSchema = z
  .object({
    ...source,
    items: z.array(
      z.object({
        id: z.string(),
        zh: z.string(),
        en: z.string(),
        examplesZh: z.string(),
        examplesEn: z.string(),
        sensitivity: z.enum(["sensitive", "partly", "general"]),
        sensitiveExamplesZh: z.string().nullable(),
        sensitiveExamplesEn: z.string().nullable(),
        verified: z.boolean(),
      }),
    ),
    sensitiveTable: z.array(
      z.object({ zh: z.string(), en: z.string(), examplesZh: z.string(), examplesEn: z.string(), categoryIds: z.array(z.string()), verified: z.boolean() }),
    ),
    piTypes: z.array(
      z.object({ id: z.string(), zh: z.string(), en: z.string(), categoryId: z.string().nullable(), sensitive: z.boolean(), detectable: z.boolean() }),
    ),
  })
  .openapi("PiCategories");
const AppTypesSchema = z
  .object({
    ...source,
    items: z.array(
      z.object({
        id: z.string(),
        no: z.number().int(),
        zh: z.string(),
        en: z.string(),
        basicFunctionZh: z.string(),
        basicFunctionEn: z.string(),
        noPersonalInfoNeeded: z.boolean(),
        necessaryPiZh: z.array(z.string()),
        necessaryPiEn: z.array(z.string()),
        usageRequirementEn: z.string().nullable(),
        verified: z.boolean(),
      }),
    ),
  })
  .openapi("AppTypes");
const LegalBasesSchema = z
  .object({
    ...source,
    items: z.array(
      z.object({
        id: z.string(),
        item: z.number().int(),
        article: z.string(),
        articleZh: z.string(),
        zh: z.string(),
        en: z.string(),
        requiresConsent: z.boolean(),
        verified: z.boolean(),
      }),
    ),
  })
  .openapi("LegalBases");

const route = <S extends z.ZodType>(name: string, summary: string, schema: S) =>
  secureRoute({
    method: "get",
    path: `/api/v1/catalog/taxonomy/${name}`,
    auth: "catalog:read",
    tags: ["catalog"],
    summary,
    responses: { 200: { description: name, ...json(schema) }, ...errorResponses("catalog:read") },
  });

const piCategories = route("pi-categories", "GB/T 35273-2020 PI categories (Appendix A), sensitive PI (Appendix B) and PI types", PiCategoriesSchema);
const appTypes = route("app-types", "The 39 app types and their necessary PI (2021 Regulation)", AppTypesSchema);
const legalBases = route("legal-bases", "The legal bases of PIPL Art. 13", LegalBasesSchema);

/** GET /api/v1/catalog/taxonomy/{pi-categories,app-types,legal-bases} (catalog:read). */
export function registerTaxonomyRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(piCategories, (c) =>
    c.json(
      {
        ...PI_CATEGORIES_SOURCE,
        items: [...PI_CATEGORIES],
        sensitiveTable: SENSITIVE_PI_TABLE_B1.map((r) => ({ ...r, categoryIds: [...r.categoryIds] })),
        piTypes: [...PI_TYPES],
      },
      200,
    ),
  );
  app.openapi(appTypes, (c) =>
    c.json({ ...APP_TYPES_SOURCE, items: APP_TYPES.map((t) => ({ ...t, necessaryPiZh: [...t.necessaryPiZh], necessaryPiEn: [...t.necessaryPiEn] })) }, 200),
  );
  app.openapi(legalBases, (c) => c.json({ ...LEGAL_BASES_SOURCE, items: [...LEGAL_BASES] }, 200));
}
