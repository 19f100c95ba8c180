import { isDomainError } from "@pipguard/core";

/** Exit codes: 0 ok, 1 failure, 2 usage (DESIGN.md). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Prints a result as JSON (--json) or as the given human text. */
export function emit(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Prints an error without a stack trace and sets the exit code (never echoes input values). */
export function fail(err: unknown, json: boolean): void {
  const code = isDomainError(err) ? err.code : "INTERNAL";
  const message = isDomainError(err) ? err.message : err instanceof Error ? err.message : String(err);
  if (json) process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`pipguard: ${code}: ${message}\n`);
  process.exitCode = code === "VALIDATION_FAILED" ? EXIT.usage : EXIT.failure;
}

/** Aligns rows into columns for terminal output. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return "(none)";
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? "")))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell))))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Terminal width of a string: CJK characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}
