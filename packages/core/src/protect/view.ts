/**
 * Purpose-bound views for entrusted processors (委托处理, PIPL Art. 21): which columns of one operator
 * table a contractor may see, how each is masked (de-identified, PIPL Art. 51(3), Art. 73(3)), and
 * which rows — a structured filter, never SQL text from the user.
 */
import { generalizeValue, maskPiValue } from "../detect/mask.js";
import { DETECTOR_TYPES, type DetectorType } from "../detect/types.js";
import { DomainError } from "../errors.js";
import type { CellValue, Row } from "../requests/subject-schema.js";

/** How a field leaves pipguard: in clear, masked by its PI type's preset, or replaced by a tag. */
export const FIELD_MASKS = ["none", "mask", "replace", "redact", "generalize"] as const;
export type FieldMask = (typeof FIELD_MASKS)[number];

/** One column of a view. */
export interface ViewField {
  column: string;
  /** The name the contractor sees (default: the column). */
  as?: string | undefined;
  mask: FieldMask;
  /** The PI type that picks the mask preset (cn_mobile → 138****5678). */
  piType?: DetectorType | undefined;
}

/** Comparison operators of a row filter condition. */
export const FILTER_OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "is_null", "not_null"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** One condition; a view's filter is the AND of its conditions. */
export interface FilterCondition {
  column: string;
  op: FilterOp;
  value?: string | number | boolean | undefined;
  values?: (string | number)[] | undefined;
}

/** Identity types the consent ledger knows (the join key from an operator row to a consent subject). */
export const VIEW_IDENTITY_TYPES = ["mobile", "email", "app_user_id"] as const;
export type ViewIdentityType = (typeof VIEW_IDENTITY_TYPES)[number];

/** A view definition. */
export interface ViewSpec {
  name: string;
  store: string;
  table: string;
  fields: ViewField[];
  filter: FilterCondition[];
  /** The column holding the subject's identity, and which identity it is (consent join). */
  subject: { column: string; identity: ViewIdentityType };
}

const NAME_RE = /^[a-z][a-z0-9_-]{0,62}$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Checks a view definition: names, identifiers, masks and filter shape. Throws VALIDATION_FAILED. */
export function validateView(v: ViewSpec): ViewSpec {
  const bad = (field: string, msg: string): never => {
    throw new DomainError("VALIDATION_FAILED", msg, { field });
  };
  if (!NAME_RE.test(v.name)) bad("name", "name: lowercase letters, digits, - and _ (starting with a letter)");
  if (!IDENT_RE.test(v.table)) bad("table", "table: a plain identifier");
  if (v.fields.length === 0) bad("fields", "fields: at least one");
  const seen = new Set<string>();
  for (const [i, f] of v.fields.entries()) {
    if (!IDENT_RE.test(f.column)) bad(`fields.${i}.column`, "column: a plain identifier");
    const out = f.as ?? f.column;
    if (!IDENT_RE.test(out) || out === "ref") bad(`fields.${i}.as`, "as: a plain identifier other than 'ref'");
    if (seen.has(out)) bad(`fields.${i}`, "two fields have the same output name");
    seen.add(out);
    if (!(FIELD_MASKS as readonly string[]).includes(f.mask)) bad(`fields.${i}.mask`, "mask: unknown");
    if (f.piType !== undefined && !(DETECTOR_TYPES as readonly string[]).includes(f.piType)) bad(`fields.${i}.piType`, "piType: unknown");
    if ((f.mask === "mask" || f.mask === "generalize") && !f.piType) bad(`fields.${i}.piType`, "piType is required for mask and generalize");
  }
  for (const [i, c] of v.filter.entries()) {
    if (!IDENT_RE.test(c.column)) bad(`filter.${i}.column`, "column: a plain identifier");
    if (!(FILTER_OPS as readonly string[]).includes(c.op)) bad(`filter.${i}.op`, "op: unknown");
    if (c.op === "in" && (!c.values || c.values.length === 0 || c.values.length > 100)) bad(`filter.${i}.values`, "in: 1 to 100 values");
    if (c.op !== "in" && c.op !== "is_null" && c.op !== "not_null" && c.value === undefined) bad(`filter.${i}.value`, "value is required");
  }
  if (!IDENT_RE.test(v.subject.column)) bad("subject.column", "subject.column: a plain identifier");
  if (!(VIEW_IDENTITY_TYPES as readonly string[]).includes(v.subject.identity)) bad("subject.identity", "subject.identity: unknown");
  return v;
}

/** The columns a view reads from the store (fields plus the subject column). */
export function viewColumns(v: ViewSpec): string[] {
  return [...new Set([...v.fields.map((f) => f.column), v.subject.column])];
}

/** The output names of a view, in order (what the contractor's rows carry besides `ref`). */
export function viewOutputNames(v: ViewSpec): string[] {
  return v.fields.map((f) => f.as ?? f.column);
}

/** One field's value as the contractor sees it. */
export function maskField(f: ViewField, value: CellValue): CellValue {
  if (value === null || f.mask === "none") return value;
  const s = String(value);
  switch (f.mask) {
    case "mask":
      return maskPiValue(f.piType as DetectorType, s);
    case "replace":
      return `<${f.piType ?? "redacted"}>`;
    case "redact":
      return "[REDACTED]";
    case "generalize":
      return generalizeValue(f.piType as DetectorType, s);
  }
}

/** A store row as the contractor sees it: output names, masked values (added to `into`, e.g. `{ ref }`). */
export function maskRow(v: ViewSpec, row: Row, into: Row = {}): Row {
  for (const f of v.fields) into[f.as ?? f.column] = maskField(f, row[f.column] ?? null);
  return into;
}

/** Finds a field by its output name. */
export function findViewField(v: ViewSpec, name: string): ViewField | undefined {
  return v.fields.find((f) => (f.as ?? f.column) === name);
}
