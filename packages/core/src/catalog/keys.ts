/** Identifier shapes of the catalog and the field reference used by the portable document. */

/** Keys of systems, stores, recipients and retention rules: no ':' or '.', so field references stay unambiguous. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Purpose codes (used by the consent API and the widget). */
export const PURPOSE_CODE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** ISO 3166-1 alpha-2 country code. */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/** ISO 8601 duration in years, months, weeks and days, e.g. P30D, P1Y6M. */
export const PERIOD_PATTERN = /^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;

/** A field as the document names it: `storeKey:table.column` (a table may carry a schema: `crm:public.users.phone`). */
export function formatFieldRef(storeKey: string, table: string, column: string): string {
  return `${storeKey}:${table}.${column}`;
}

/** Splits `storeKey:table.column` at the first ':' and the last '.'; undefined when malformed. */
export function parseFieldRef(ref: string): { storeKey: string; table: string; column: string } | undefined {
  const colon = ref.indexOf(":");
  const dot = ref.lastIndexOf(".");
  if (colon < 1 || dot < colon + 2 || dot === ref.length - 1) return undefined;
  return { storeKey: ref.slice(0, colon), table: ref.slice(colon + 1, dot), column: ref.slice(dot + 1) };
}
