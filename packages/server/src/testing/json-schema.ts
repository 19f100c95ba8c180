/**
 * A small JSON Schema (2020-12) checker for the keywords pipguard's published schemas use: type,
 * const, enum, pattern, minLength, required, properties, additionalProperties, items and local $ref.
 * An unknown keyword is an error, so a schema cannot silently use something this does not check.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  "$schema",
  "$id",
  "$defs",
  "$ref",
  "title",
  "description",
  "format",
  "type",
  "const",
  "enum",
  "pattern",
  "minLength",
  "required",
  "properties",
  "additionalProperties",
  "items",
]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Every violation of `schema` by `value`, as `path: message`; empty when valid. */
export function validateJsonSchema(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const target = m ? (schema.$defs as Record<string, Schema> | undefined)?.[m[1] as string] : undefined;
    if (!target) throw new Error(`unsupported $ref ${ref}`);
    return target;
  };
  const check = (s: Schema, v: unknown, path: string): void => {
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`unsupported keyword ${k} at ${path}`);
    if (typeof s.$ref === "string") {
      check(resolve(s.$ref), v, path);
      return;
    }
    const t = typeOf(v);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((x) => x === t || (x === "number" && t === "integer"))) {
        errors.push(`${path}: expected ${types.join(" | ")}, got ${t}`);
        return;
      }
    }
    if ("const" in s && JSON.stringify(s.const) !== JSON.stringify(v)) errors.push(`${path}: expected the constant ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errors.push(`${path}: not one of the allowed values`);
    if (typeof v === "string") {
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(v)) errors.push(`${path}: does not match ${s.pattern}`);
      if (typeof s.minLength === "number" && [...v].length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
    }
    if (t === "object") {
      const o = v as Record<string, unknown>;
      for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) errors.push(`${path}: missing ${r}`);
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [k, x] of Object.entries(o)) {
        if (props[k]) check(props[k], x, `${path}.${k}`);
        else if (s.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
        else if (s.additionalProperties && typeof s.additionalProperties === "object") check(s.additionalProperties as Schema, x, `${path}.${k}`);
      }
    }
    if (t === "array" && s.items && typeof s.items === "object") {
      (v as unknown[]).forEach((x, i) => {
        check(s.items as Schema, x, `${path}[${i}]`);
      });
    }
  };
  check(schema, value, "$");
  return errors;
}
