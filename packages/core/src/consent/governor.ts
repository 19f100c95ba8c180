/**
 * The prompt governor: whether an app may ask a subject for consent (or a system permission) now.
 * GB/T 41391-2022 6.4.4 c: after a refusal, a scenario must not prompt again within 48 hours
 * (频繁申请); and asking for consent already in force is pointless nagging.
 */
import type { ConsentState } from "./state.js";

/** The floor for system permissions (权限): never less than 48 hours after a refusal. */
export const MIN_PERMISSION_REPROMPT_HOURS = 48;
/** The default quiet period after a refusal or withdrawal, for purposes and permissions alike. */
export const DEFAULT_REPROMPT_HOURS = 48;

const HOUR_MS = 3_600_000;

export type AskReason = "consent_in_force" | "refused_recently" | "may_ask";

export interface AskAnswer {
  ask: boolean;
  reason: AskReason;
  /** ISO time from which asking is allowed again (refused_recently only). */
  retryAfter: string | null;
}

/** The effective quiet period: a configured value, never below 48 h for permissions. */
export function repromptHours(opts: { configuredHours?: number | null | undefined; permission: boolean }): number {
  const configured = opts.configuredHours ?? DEFAULT_REPROMPT_HOURS;
  return opts.permission ? Math.max(configured, MIN_PERMISSION_REPROMPT_HOURS) : Math.max(0, configured);
}

export interface ShouldAskInput {
  /** The subject's consent state for the purpose (purposes only). */
  state?: ConsentState | undefined;
  /** Epoch ms of the last refusal (permissions, or a refusal recorded as a prompt outcome); NaN/undefined when none. */
  lastRefusalMs?: number | undefined;
  nowMs: number;
  /** Configured quiet period in hours for this purpose or permission. */
  configuredHours?: number | null | undefined;
  permission: boolean;
}

/** Answers whether to show a consent or permission prompt now. */
export function shouldAsk(input: ShouldAskInput): AskAnswer {
  if (input.state?.action === "grant") return { ask: false, reason: "consent_in_force", retryAfter: null };
  const fromState = input.state?.lastRefusalMs ?? Number.NaN;
  const fromPrompts = input.lastRefusalMs ?? Number.NaN;
  const last = Math.max(Number.isNaN(fromState) ? -Infinity : fromState, Number.isNaN(fromPrompts) ? -Infinity : fromPrompts);
  if (last === -Infinity) return { ask: true, reason: "may_ask", retryAfter: null };
  const until = last + repromptHours(input) * HOUR_MS;
  if (input.nowMs < until) return { ask: false, reason: "refused_recently", retryAfter: new Date(until).toISOString() };
  return { ask: true, reason: "may_ask", retryAfter: null };
}
