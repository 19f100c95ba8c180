import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DomainError } from "@pipguard/core";
import { z } from "zod";
import { parseWidgetOrigins, parseWidgetOriginsSafe, type WidgetOrigins } from "./widget-origins.js";

const booleanish = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

/** Every environment variable pipguard reads. `*_FILE` variants of secrets are resolved first. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z
    .string()
    .min(1)
    .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:|\/|\.|:memory:)/.test(v) || !v.includes("://"), {
      message: "must be postgres://…, sqlite:PATH or a file path",
    })
    .optional(),
  PIPGUARD_DATA_DIR: z.string().min(1).default("./data"),
  PIPGUARD_MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, { message: "must be 32 bytes, base64-encoded" })
    .optional(),
  PIPGUARD_CIPHER: z.enum(["aes", "sm4"]).default("aes"),
  PIPGUARD_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PIPGUARD_TIMEZONE: z.string().refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" }).default("Asia/Shanghai"),
  PIPGUARD_PUBLIC_URL: z.string().url().optional(),
  PIPGUARD_SECURE_COOKIES: booleanish.optional(),
  PIPGUARD_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  PIPGUARD_WORKER: booleanish.default(true),
  PIPGUARD_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  PIPGUARD_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  PIPGUARD_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  PIPGUARD_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: "must be smtp://… or smtps://…" })
    .optional(),
  PIPGUARD_MAIL_FROM: z.string().min(3).max(200).default("pipguard <no-reply@localhost>"),
  PIPGUARD_ALERT_EMAIL: z.string().email().optional(),
  PIPGUARD_LLM_BASE_URL: z.string().url().optional(),
  PIPGUARD_LLM_API_KEY: z.string().optional(),
  PIPGUARD_LLM_REFUSE_SENSITIVE: booleanish.default(false),
  PIPGUARD_WIDGET_ORIGINS: z
    .string()
    .refine((v) => parseWidgetOriginsSafe(v), { message: "must be origins (https://shop.example.cn) or app=origin pairs, separated by commas or spaces" })
    .optional(),
  PIPGUARD_WIDGET_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(600),
});
export type Env = z.infer<typeof EnvSchema>;

/** The resolved configuration the composition root is built from. */
export interface Config {
  env: Env["NODE_ENV"];
  host: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  /** base64; undefined means "use or create ./data/master.key" (not allowed in production). */
  masterKey: string | undefined;
  /** Algorithm of new data keys: AES-256-GCM, or SM4 (+HMAC-SM3) for national-algorithm deployments. */
  cipher: "aes-256-gcm" | "sm4-ctr-hmac-sm3";
  logLevel: Env["PIPGUARD_LOG_LEVEL"];
  timezone: string;
  publicUrl: string | undefined;
  secureCookies: boolean;
  sessionHours: number;
  runWorker: boolean;
  workerConcurrency: number;
  bodyLimitBytes: number;
  shutdownGraceMs: number;
  /** SMTP server for requester e-mail (rights requests); unset → messages stay in the outbox (console sender). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where contractor-access alerts go (quota, unusual volume, hours; PIPL Art. 21 supervision); unset → listed in the API only. */
  alertEmail: string | undefined;
  /** OpenAI-compatible upstream of the PI-safe gateway (…/v1); unset → the gateway answers 501. */
  llmBaseUrl: string | undefined;
  llmApiKey: string | undefined;
  /** Refuse prompts carrying sensitive PI (PIPL Art. 28) instead of tokenizing them. */
  llmRefuseSensitive: boolean;
  /** Origins allowed to call the consent widget's endpoints (CORS), per app or for every app. */
  widgetOrigins: WidgetOrigins;
  /** Widget requests per minute per client address and app. */
  widgetRateLimit: number;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const SECRET_VARS = ["DATABASE_URL", "PIPGUARD_MASTER_KEY", "PIPGUARD_SMTP_URL", "PIPGUARD_LLM_API_KEY"] as const;

/**
 * Reads the configuration from an environment; throws CONFIG_INVALID listing every bad variable at
 * once (names and reasons, never values).
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const env: Record<string, string | undefined> = { ...source };
  for (const name of SECRET_VARS) {
    const file = source[`${name}_FILE`];
    if (file === undefined) continue;
    if (source[name] !== undefined) problems.push(`${name}_FILE: set together with ${name}; use one`);
    try {
      env[name] = readFileSync(file, "utf8").trim();
    } catch {
      problems.push(`${name}_FILE: cannot read the file it names`);
    }
  }
  for (const [k, v] of Object.entries(env)) if (v === "") env[k] = undefined;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  if (parsed.success && parsed.data.NODE_ENV === "production" && !parsed.data.PIPGUARD_MASTER_KEY) {
    problems.push("PIPGUARD_MASTER_KEY: required when NODE_ENV=production (or PIPGUARD_MASTER_KEY_FILE)");
  }
  if (problems.length > 0 || !parsed.success) {
    throw new DomainError("CONFIG_INVALID", `invalid configuration:\n  ${problems.join("\n  ")}`, { problems });
  }
  const e = parsed.data;
  const dataDir = resolve(e.PIPGUARD_DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? resolve(dataDir, "pipguard.db"),
    dataDir,
    masterKey: e.PIPGUARD_MASTER_KEY,
    cipher: e.PIPGUARD_CIPHER === "sm4" ? "sm4-ctr-hmac-sm3" : "aes-256-gcm",
    logLevel: e.PIPGUARD_LOG_LEVEL,
    timezone: e.PIPGUARD_TIMEZONE,
    publicUrl: e.PIPGUARD_PUBLIC_URL,
    secureCookies: e.PIPGUARD_SECURE_COOKIES ?? (e.NODE_ENV === "production" || (e.PIPGUARD_PUBLIC_URL?.startsWith("https:") ?? false)),
    sessionHours: e.PIPGUARD_SESSION_HOURS,
    runWorker: e.PIPGUARD_WORKER,
    workerConcurrency: e.PIPGUARD_WORKER_CONCURRENCY,
    bodyLimitBytes: e.PIPGUARD_BODY_LIMIT_BYTES,
    shutdownGraceMs: e.PIPGUARD_SHUTDOWN_GRACE_MS,
    smtpUrl: e.PIPGUARD_SMTP_URL,
    mailFrom: e.PIPGUARD_MAIL_FROM,
    alertEmail: e.PIPGUARD_ALERT_EMAIL,
    llmBaseUrl: e.PIPGUARD_LLM_BASE_URL,
    llmApiKey: e.PIPGUARD_LLM_API_KEY,
    llmRefuseSensitive: e.PIPGUARD_LLM_REFUSE_SENSITIVE,
    widgetOrigins: parseWidgetOrigins(e.PIPGUARD_WIDGET_ORIGINS ?? ""),
    widgetRateLimit: e.PIPGUARD_WIDGET_RATE_LIMIT,
  };
}
