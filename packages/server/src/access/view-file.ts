/** Reads a view definition from a JSON or YAML file (YAML is a superset of JSON). */
import { readFileSync } from "node:fs";
import { DomainError, type ViewSpec } from "@pipguard/core";
import { parse } from "yaml";

/** The view in `path`; `filter` defaults to none. Shape errors are reported by saveView. */
export function readViewFile(path: string): ViewSpec {
  let v: unknown;
  try {
    v = parse(readFileSync(path, "utf8"));
  } catch {
    throw new DomainError("VALIDATION_FAILED", "the view file is not valid JSON or YAML");
  }
  if (typeof v !== "object" || v === null || !Array.isArray((v as ViewSpec).fields) || typeof (v as ViewSpec).subject !== "object")
    throw new DomainError("VALIDATION_FAILED", "the view file needs name, store, table, fields and subject");
  const spec = v as ViewSpec;
  return { ...spec, filter: spec.filter ?? [] };
}
