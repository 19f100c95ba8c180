/**
 * pi-trace/1 (shared/specs/pi-trace.md): what an app did during one test session. Types only; parsing and
 * validation live in parse-trace.ts.
 */

export type Party = "first" | "third" | "unknown";

/** Who made a call: the app itself, a named SDK, or nobody we can tell. */
export interface Attribution {
  party: Party;
  sdkId?: string;
}

export interface TraceApp {
  name?: string;
  packageName?: string;
  version?: string;
  developer?: string;
  source?: string;
  appType?: string;
}

export interface TraceSession {
  id?: string;
  app: TraceApp;
  device?: Record<string, unknown>;
  startedAt?: string;
  clock?: { resolutionMs?: number };
  tool?: Record<string, unknown>;
}

interface EventBase {
  seq: number;
  t: number;
}

export type LifecyclePhase = "process_start" | "foreground" | "background" | "screen_off" | "screen_on" | "process_died" | "process_restart";

export interface LifecycleEvent extends EventBase {
  type: "lifecycle";
  phase: LifecyclePhase;
}

export interface UiEvent extends EventBase {
  type: "ui";
  kind: "screen" | "dialog" | "click" | "toggle";
  role?: string;
  text?: string;
  checked?: boolean;
  preChecked?: boolean;
  depth?: number;
}

export interface ConsentEvent extends EventBase {
  type: "consent";
  action: "policy_shown" | "agreed" | "refused" | "withdrawn";
  subject: "privacy_policy" | "personalization" | "sdk_list" | "children_policy";
  preChecked?: boolean;
}

export interface PermissionEvent extends EventBase {
  type: "permission";
  action: "requested" | "granted" | "denied";
  permissions: string[];
  userInitiated?: boolean;
  attribution?: Attribution;
}

export interface ApiCallEvent extends EventBase {
  type: "api_call";
  api: string;
  piTypes: string[];
  appState?: "foreground" | "background";
  userInitiated?: boolean;
  stack?: string[];
  attribution?: Attribution;
}

export interface PiFound {
  piType: string;
  where?: "url" | "header" | "body";
  encoding?: "plain" | "md5" | "sha1" | "sha256" | "base64";
}

export interface NetworkEvent extends EventBase {
  type: "network";
  host: string;
  url?: string;
  transport: "https" | "http";
  piFound: PiFound[];
  stack?: string[];
  attribution?: Attribution;
}

export interface IntentEvent extends EventBase {
  type: "intent";
  kind: "start_activity" | "start_service" | "broadcast";
  targetPackage?: string;
  userInitiated?: boolean;
}

export interface AnnotationEvent extends EventBase {
  type: "annotation";
  tags: string[];
  clicks?: number;
  note?: string;
}

export type TraceEvent = LifecycleEvent | UiEvent | ConsentEvent | PermissionEvent | ApiCallEvent | NetworkEvent | IntentEvent | AnnotationEvent;

/** One session document. */
export interface PiTrace {
  schemaVersion: "pi-trace/1";
  session: TraceSession;
  events: TraceEvent[];
}

/** A problem in the input that does not stop the audit (unknown piType or API). */
export interface TraceWarning {
  seq: number;
  field: string;
  code: "unknown_pi_type" | "unknown_api" | "unknown_sdk" | "undeclared_permission";
  value: string;
}
