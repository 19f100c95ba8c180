/**
 * The shape of an imported catalog document (core/catalog/document.ts). Shape errors answer
 * VALIDATION_FAILED with paths like `purposes[2].necessity`; taxonomy ids (category, legal basis,
 * app type) are plain strings here so core can answer them with their own codes.
 */
import {
  type CatalogDocument,
  CONSENT_KINDS,
  COUNTRY_PATTERN,
  DomainError,
  IDENTITY_ROLES,
  KEY_PATTERN,
  NECESSITIES,
  PERIOD_PATTERN,
  PURPOSE_CODE_PATTERN,
  RECIPIENT_KINDS,
  RETENTION_ACTIONS,
  RETENTION_TRIGGERS,
  STORE_KINDS,
  SYSTEM_KINDS,
} from "@pipguard/core";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const key = z.string().regex(KEY_PATTERN, "1–64 letters, digits, '_' or '-'");
const text = (max: number) => z.string().min(1).max(max);
const optText = (max: number) => z.string().max(max).nullable().optional();
const taxonomyId = z.string().min(1).max(64);

const DocSchema = z.strictObject({
  version: z.literal(1),
  organisation: z.strictObject({ nameZh: text(200), nameEn: text(200), contact: optText(200).transform((v) => v ?? null) }).optional(),
  systems: z
    .array(z.strictObject({ key, name: text(200), kind: z.enum(SYSTEM_KINDS), appType: taxonomyId.nullable().optional(), description: optText(2000) }))
    .default([]),
  stores: z
    .array(
      z.strictObject({
        key,
        system: key,
        name: text(200),
        kind: z.enum(STORE_KINDS),
        description: optText(2000),
        connection: z.string().max(4000).nullable().optional(),
      }),
    )
    .default([]),
  fields: z
    .array(
      z.strictObject({
        store: key,
        table: text(256),
        column: text(256),
        category: taxonomyId,
        piType: taxonomyId.nullable().optional(),
        sensitive: z.boolean().optional(),
        identityRole: z.enum(IDENTITY_ROLES).nullable().optional(),
        description: optText(2000),
      }),
    )
    .default([]),
  purposes: z
    .array(
      z.strictObject({
        code: z.string().regex(PURPOSE_CODE_PATTERN, "1–64 lower-case letters, digits, '_', '.' or '-'"),
        nameZh: text(200),
        nameEn: text(200),
        description: optText(2000),
        legalBasis: taxonomyId,
        necessity: z.enum(NECESSITIES),
        consentKind: z.enum(CONSENT_KINDS).optional(),
        automatedDecision: z.boolean().optional(),
        minorsUnder14: z.boolean().optional(),
        fields: z.array(z.string().min(3).max(600)).default([]),
      }),
    )
    .default([]),
  recipients: z
    .array(
      z.strictObject({
        key,
        name: text(200),
        kind: z.enum(RECIPIENT_KINDS),
        country: z.string().regex(COUNTRY_PATTERN, "ISO 3166-1 alpha-2, e.g. CN").default("CN"),
        contact: optText(200),
        description: optText(2000),
        purposes: z.array(z.string().min(1).max(64)).default([]),
        piCategories: z.array(taxonomyId).default([]),
      }),
    )
    .default([]),
  retentionRules: z
    .array(
      z.strictObject({
        key,
        purpose: z.string().min(1).max(64).nullable().optional(),
        store: key.nullable().optional(),
        period: z.string().regex(PERIOD_PATTERN, "an ISO 8601 duration such as P30D or P3Y"),
        trigger: z.enum(RETENTION_TRIGGERS),
        action: z.enum(RETENTION_ACTIONS),
        legalReference: optText(500),
        description: optText(2000),
      }),
    )
    .default([]),
});

/** `["purposes", 2, "fields", 0]` → `purposes[2].fields[0]` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), "") || "(document)";
}

/** Parses YAML or JSON text into a catalog document; every problem is named by its path. */
export function parseCatalogDocument(format: "yaml" | "json", content: string): CatalogDocument {
  let raw: unknown;
  try {
    raw = format === "yaml" ? parseYaml(content, { prettyErrors: false }) : JSON.parse(content);
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    const where = line ? `line ${line}` : "(document)";
    throw new DomainError("INVALID_CATALOG", `the ${format.toUpperCase()} text does not parse (${where})`, {
      issues: [{ path: where, code: "parse_error", message: `not valid ${format.toUpperCase()}` }],
    });
  }
  const result = DocSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: formatPath(i.path), code: i.code, message: i.message.replace(/,?\s*received .*/i, "") }));
    const first = issues[0];
    throw new DomainError("VALIDATION_FAILED", `the catalog document has ${issues.length} problem(s); first: ${first?.path}: ${first?.message}`, { issues });
  }
  return result.data as CatalogDocument;
}
