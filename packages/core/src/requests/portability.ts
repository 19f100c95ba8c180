/**
 * The portability document (个人信息转移, PIPL Art. 45 ¶3): the subject's rows in one JSON document
 * another processor can import, with the meaning of every catalogued column (its GB/T 35273-2020
 * Table A.1 category, whether it is sensitive PI under PIPL Art. 28, the purposes it serves).
 * Specified in docs/portability.md; JSON Schema in docs/portability.schema.json.
 */
import type { Catalog } from "../catalog/types.js";
import { findPiCategory } from "../taxonomy/pi-categories.js";
import type { RequestType } from "./types.js";

/** The format's name and major version; a reader refuses a major version it does not know. */
export const PORTABILITY_FORMAT = "pipguard-portability/1";
/** Where the JSON Schema of this version is published (also docs/portability.schema.json). */
export const PORTABILITY_SCHEMA_ID = "https://pipguard.dev/schemas/portability-1.schema.json";

/** What a column means, from the catalog. */
export interface PortableField {
  category: string;
  categoryZh: string | null;
  categoryEn: string | null;
  sensitive: boolean;
  piType: string | null;
  identityRole: string | null;
  description: string | null;
  purposes: string[];
}

/** A JSON value of a record: scalars, or nested JSON the store held (JSON columns). */
export type PortableValue = string | number | boolean | null | PortableValue[] | { [k: string]: PortableValue };

/** The document, as docs/portability.schema.json describes it. */
export interface PortabilityDocument {
  $schema: string;
  format: typeof PORTABILITY_FORMAT;
  generatedAt: string;
  requestId: string;
  requestType: RequestType;
  controller: { nameZh: string | null; nameEn: string | null; contact: string | null };
  subject: { pseudonymousId: string };
  purposes: { code: string; nameZh: string; nameEn: string; legalBasis: string }[];
  stores: {
    store: string;
    name: string | null;
    system: string | null;
    tables: { table: string; fields: Record<string, PortableField>; records: Record<string, PortableValue>[] }[];
  }[];
}

/** The input: the subject's rows per store and table (values already JSON-safe) and the catalog. */
export interface PortabilityInput {
  requestId: string;
  requestType: RequestType;
  generatedAt: string;
  /** A keyed, one-way id of the subject: stable for this controller, meaningless to anyone else. */
  pseudonymousId: string;
  catalog: Catalog;
  found: { storeKey: string; tables: { table: string; rows: Record<string, unknown>[] }[] }[];
}

/** Builds the portability document (pure: the caller supplies the time and the pseudonymous id). */
export function buildPortabilityDocument(input: PortabilityInput): PortabilityDocument {
  const c = input.catalog;
  const purposeCodes = new Map<string, string[]>();
  for (const p of c.purposes) for (const f of p.fieldIds) purposeCodes.set(f, [...(purposeCodes.get(f) ?? []), p.code]);
  const usedPurposes = new Set<string>();
  const stores = input.found.map((s) => {
    const store = c.stores.find((x) => x.key === s.storeKey);
    const system = store ? c.systems.find((x) => x.id === store.systemId) : undefined;
    return {
      store: s.storeKey,
      name: store?.name ?? null,
      system: system?.key ?? null,
      tables: s.tables.map((t) => {
        const fields: Record<string, PortableField> = {};
        for (const f of c.fields.filter((x) => store && x.storeId === store.id && x.table === t.table)) {
          const cat = findPiCategory(f.category);
          const purposes = (purposeCodes.get(f.id) ?? []).sort();
          for (const p of purposes) usedPurposes.add(p);
          fields[f.column] = {
            category: f.category,
            categoryZh: cat?.zh ?? null,
            categoryEn: cat?.en ?? null,
            sensitive: f.sensitive,
            piType: f.piType,
            identityRole: f.identityRole,
            description: f.description,
            purposes,
          };
        }
        return { table: t.table, fields, records: t.rows.map(portableRecord) };
      }),
    };
  });
  return {
    $schema: PORTABILITY_SCHEMA_ID,
    format: PORTABILITY_FORMAT,
    generatedAt: input.generatedAt,
    requestId: input.requestId,
    requestType: input.requestType,
    controller: { nameZh: c.organisation?.nameZh ?? null, nameEn: c.organisation?.nameEn ?? null, contact: c.organisation?.contact ?? null },
    subject: { pseudonymousId: input.pseudonymousId },
    purposes: c.purposes
      .filter((p) => usedPurposes.has(p.code))
      .map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, legalBasis: p.legalBasis }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    stores,
  };
}

/** A row as JSON values: dates as ISO-8601 text; anything else not JSON as its text. */
function portableRecord(row: Record<string, unknown>): Record<string, PortableValue> {
  const out: Record<string, PortableValue> = {};
  for (const [k, v] of Object.entries(row)) out[k] = portableValue(v);
  return out;
}

function portableValue(v: unknown): PortableValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(portableValue);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, portableValue(x)]));
  return String(v);
}
