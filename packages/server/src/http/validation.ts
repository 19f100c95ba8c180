import { DomainError } from "@pipguard/core";
import type { Context } from "hono";
import type { z } from "zod";

type HookResult = { success: true } | { success: false; error: z.ZodError };

/**
 * Turns a failed schema check into 400 VALIDATION_FAILED with one entry per issue: the path, zod's
 * code and message. Input values are never echoed back (they may be personal data).
 */
export function validationHook(result: HookResult, _c: Context): void {
  if (result.success) return;
  const issues = result.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", code: i.code, message: safeMessage(i) }));
  throw new DomainError("VALIDATION_FAILED", "the request does not match the schema", { issues });
}

function safeMessage(issue: z.core.$ZodIssue): string {
  // zod messages name types, options and keys; drop anything after "received" to be sure.
  return issue.message.replace(/,?\s*received .*/i, "");
}

/**
 * Has @hono/zod-validator parse `schema` synchronously. The validator always calls safeParseAsync,
 * and zod runs its compiled object parser only in a synchronous parse; for a large body (the consent
 * batch: 1,000 objects) the interpreted path was a tenth of the request. Only for schemas without
 * async refinements (safeParse throws on those). Same result, same issues.
 */
export function parsedSynchronously<T extends z.ZodType>(schema: T): T {
  Object.defineProperty(schema, "safeParseAsync", {
    value: async (data: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>) => schema.safeParse(data, params),
  });
  return schema;
}
