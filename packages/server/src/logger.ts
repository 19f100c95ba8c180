import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

// Values that look like PI are masked in every string a log line carries, as a last line of
// defence: code never logs bodies, queries or raw paths on purpose (PIPL Art. 51: security measures).
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const LONG_DIGITS = /(?:\+?86[\s-]?)?(?:\d[\s-]?){6,}\d[\dXx]?/g;

/** Masks e-mail addresses and runs of 7+ digits (phones, ID and card numbers) in a string. */
export function scrubPi(text: string): string {
  return text.replace(EMAIL, "[email]").replace(LONG_DIGITS, "[number]");
}

function scrubValue(v: unknown, depth: number): unknown {
  if (typeof v === "string") return scrubPi(v);
  if (depth > 4 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubValue(x, depth + 1);
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a capturing stream. Defaults to stdout. */
  destination?: DestinationStream;
}

/** pino JSON logs with secrets redacted and PI-looking values masked. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      base: { service: "pipguard" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ["password", "token", "secret", "*.password", "*.token", "*.secret", "authorization", "cookie", "*.authorization", "*.cookie"],
        censor: "[redacted]",
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubValue(obj, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === "string" ? scrubPi(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    opts.destination,
  );
}
