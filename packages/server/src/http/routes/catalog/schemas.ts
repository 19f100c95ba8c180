/**
 * Request and response schemas of the catalog routes. Taxonomy ids (category, legal basis, app
 * type) are plain strings so the service can answer an unknown one with its own 422 code instead
 * of a generic 400. A data store's connection string is write-only: no response schema has it.
 */
import { z } from "@hono/zod-openapi";
import {
  CONSENT_KINDS,
  COUNTRY_PATTERN,
  IDENTITY_ROLES,
  KEY_PATTERN,
  LEGAL_BASIS_IDS,
  MATERIAL_PURPOSE_CHANGES,
  NECESSITIES,
  PERIOD_PATTERN,
  PURPOSE_CODE_PATTERN,
  RECIPIENT_KINDS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGERS,
  STORE_KINDS,
  SYSTEM_KINDS,
} from "@pipguard/core";

const key = z.string().regex(KEY_PATTERN).openapi({ description: "1–64 letters, digits, '_' or '-'", example: "crm" });
const text = (max: number) => z.string().min(1).max(max);
const optText = (max: number) => z.string().max(max).nullable().optional();
const id = z.string().min(1).max(64);
const category = z
  .string()
  .min(1)
  .max(64)
  .openapi({ description: "GB/T 35273-2020 Table A.1 category id (GET /api/v1/catalog/taxonomy/pi-categories)", example: "basic" });
const legalBasis = z
  .string()
  .min(1)
  .max(64)
  .openapi({ description: `PIPL Art. 13 legal basis: ${LEGAL_BASIS_IDS.join(" | ")}`, example: "consent" });
const appType = z
  .string()
  .min(1)
  .max(64)
  .openapi({ description: "one of the 39 app types (GET /api/v1/catalog/taxonomy/app-types)", example: "online_shopping" });

export const IdParamsSchema = z.object({ id });

export const SystemSchema = z
  .object({ id: z.string(), key: z.string(), name: z.string(), kind: z.enum(SYSTEM_KINDS), appType: z.string().nullable(), description: z.string().nullable() })
  .openapi("CatalogSystem");
export const CreateSystemSchema = z
  .strictObject({ key, name: text(200), kind: z.enum(SYSTEM_KINDS), appType: appType.nullable().optional(), description: optText(2000) })
  .openapi("CreateCatalogSystem");
export const PatchSystemSchema = CreateSystemSchema.partial().openapi("PatchCatalogSystem");

export const DataStoreSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    systemId: z.string(),
    name: z.string(),
    kind: z.enum(STORE_KINDS),
    hasConnection: z.boolean().openapi({ description: "a connection string is stored (encrypted); it is never returned" }),
    description: z.string().nullable(),
  })
  .openapi("DataStore");
const connection = z.string().min(1).max(4000).openapi({ description: "write-only; stored encrypted, never returned", writeOnly: true });
export const CreateStoreSchema = z
  .strictObject({ key, systemId: id, name: text(200), kind: z.enum(STORE_KINDS), description: optText(2000), connection: connection.optional() })
  .openapi("CreateDataStore");
export const PatchStoreSchema = z
  .strictObject({
    key: key.optional(),
    systemId: id.optional(),
    name: text(200).optional(),
    kind: z.enum(STORE_KINDS).optional(),
    description: optText(2000),
    connection: connection.nullable().optional().openapi({ description: "write-only; null removes the stored connection string" }),
  })
  .openapi("PatchDataStore");
export const StoreQuerySchema = z.object({ systemId: id.optional() });

export const FieldSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    table: z.string(),
    column: z.string(),
    piType: z.string().nullable(),
    category: z.string(),
    sensitive: z.boolean(),
    identityRole: z.enum(IDENTITY_ROLES).nullable(),
    description: z.string().nullable(),
  })
  .openapi("CatalogField");
export const CreateFieldSchema = z
  .strictObject({
    storeId: id,
    table: text(256),
    column: text(256),
    category,
    piType: z.string().min(1).max(64).nullable().optional(),
    sensitive: z.boolean().optional().openapi({ description: "defaults to GB/T 35273-2020 Appendix B for the category or PI type" }),
    identityRole: z.enum(IDENTITY_ROLES).nullable().optional(),
    description: optText(2000),
  })
  .openapi("CreateCatalogField");
export const PatchFieldSchema = CreateFieldSchema.partial().openapi("PatchCatalogField");
export const FieldQuerySchema = z.object({ storeId: id.optional() });

export const PurposeSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    description: z.string().nullable(),
    legalBasis: z.string(),
    necessity: z.enum(NECESSITIES),
    consentKind: z.enum(CONSENT_KINDS),
    requiredConsentKind: z.enum(CONSENT_KINDS).openapi({ description: "what PIPL Art. 13/23/29/31/39 require given the purpose's fields and recipients" }),
    automatedDecision: z.boolean(),
    minorsUnder14: z.boolean(),
    sensitive: z.boolean(),
    crossBorder: z.boolean(),
    fieldIds: z.array(z.string()),
    recipientIds: z.array(z.string()),
    materialChangeAt: z.string().nullable().openapi({
      description: "when the purpose last changed materially; consent given earlier must be renewed (PIPL Art. 14 para. 2)",
    }),
    materialChangeReasons: z.array(z.enum(MATERIAL_PURPOSE_CHANGES)),
  })
  .openapi("Purpose");
export const CreatePurposeSchema = z
  .strictObject({
    code: z.string().regex(PURPOSE_CODE_PATTERN).openapi({ example: "marketing_email" }),
    nameZh: text(200),
    nameEn: text(200),
    description: optText(2000),
    legalBasis,
    necessity: z.enum(NECESSITIES),
    consentKind: z.enum(CONSENT_KINDS).optional().openapi({ description: "defaults to the consent the rules require" }),
    automatedDecision: z.boolean().optional(),
    minorsUnder14: z.boolean().optional(),
    fieldIds: z.array(id).max(1000).optional(),
  })
  .openapi("CreatePurpose");
export const PatchPurposeSchema = CreatePurposeSchema.partial()
  .extend({
    materialChange: z.boolean().optional().openapi({
      description:
        "重大变更: declare a material change the other terms do not show (the processing method changed, PIPL Art. 14 para. 2); consent given before it must be renewed. Changes to description, PI fields, automated decision-making and children's PI are found without it.",
    }),
  })
  .openapi("PatchPurpose");

export const RecipientSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    kind: z.enum(RECIPIENT_KINDS),
    country: z.string(),
    contact: z.string().nullable(),
    description: z.string().nullable(),
    purposeIds: z.array(z.string()),
    piCategories: z.array(z.string()),
  })
  .openapi("Recipient");
export const CreateRecipientSchema = z
  .strictObject({
    key,
    name: text(200),
    kind: z.enum(RECIPIENT_KINDS),
    country: z.string().regex(COUNTRY_PATTERN).optional().openapi({ description: "ISO 3166-1 alpha-2, default CN; anything else is a cross-border transfer" }),
    contact: optText(200),
    description: optText(2000),
    purposeIds: z.array(id).max(1000).optional(),
    piCategories: z.array(category).max(50).optional(),
  })
  .openapi("CreateRecipient");
export const PatchRecipientSchema = CreateRecipientSchema.partial().openapi("PatchRecipient");

export const RetentionRuleSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    purposeId: z.string().nullable(),
    storeId: z.string().nullable(),
    period: z.string(),
    trigger: z.enum(RETENTION_TRIGGERS),
    action: z.enum(RETENTION_ACTIONS),
    legalReference: z.string().nullable(),
    description: z.string().nullable(),
  })
  .openapi("RetentionRule");
export const CreateRetentionRuleSchema = z
  .strictObject({
    key,
    purposeId: id.nullable().optional(),
    storeId: id.nullable().optional(),
    period: z.string().regex(PERIOD_PATTERN).openapi({ example: "P3Y" }),
    trigger: z.enum(RETENTION_TRIGGERS),
    action: z.enum(RETENTION_ACTIONS),
    legalReference: optText(500),
    description: optText(2000),
  })
  .openapi("CreateRetentionRule");
export const PatchRetentionRuleSchema = CreateRetentionRuleSchema.partial().openapi("PatchRetentionRule");

export const OrganisationSchema = z
  .object({ nameZh: z.string(), nameEn: z.string(), contact: z.string().nullable() })
  .openapi("CatalogOrganisation", { description: "the personal-information processor (个人信息处理者)" });
export const PutOrganisationSchema = z.strictObject({ nameZh: text(200), nameEn: text(200), contact: optText(200) }).openapi("PutCatalogOrganisation");

export const IssueSchema = z
  .object({ severity: z.enum(["error", "warning"]), code: z.string(), path: z.string(), message: z.string(), article: z.string().optional() })
  .openapi("CatalogIssue");
export const ValidationReportSchema = z
  .object({ errors: z.number().int(), warnings: z.number().int(), issues: z.array(IssueSchema) })
  .openapi("CatalogValidation");

const counts = z.object({
  systems: z.number().int(),
  stores: z.number().int(),
  fields: z.number().int(),
  purposes: z.number().int(),
  recipients: z.number().int(),
  retentionRules: z.number().int(),
});
export const ImportBodySchema = z
  .strictObject({
    format: z.enum(["yaml", "json"]),
    content: z.string().min(1).openapi({ description: "the catalog document (docs/examples/demo-catalog.yaml shows the format)" }),
    dryRun: z.boolean().optional(),
  })
  .openapi("CatalogImport");
export const ImportResultSchema = z
  .object({ dryRun: z.boolean(), created: counts, updated: counts, warnings: z.array(IssueSchema) })
  .openapi("CatalogImportResult");
export const ExportQuerySchema = z.object({ format: z.enum(["json", "yaml"]).optional() });
export const RopaQuerySchema = z.object({ format: z.enum(["json", "csv", "html"]).optional() });
