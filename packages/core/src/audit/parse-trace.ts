import { DomainError } from "../errors.js";
import { KNOWN_PI_APIS } from "./data/pi-apis.js";
import type { PiTrace, TraceWarning } from "./trace.js";
import { isTracePiType } from "./vocab.js";

const EVENT_TYPES = new Set(["lifecycle", "ui", "consent", "permission", "api_call", "network", "intent", "annotation"]);
const PHASES = new Set(["process_start", "foreground", "background", "screen_off", "screen_on", "process_died", "process_restart"]);
const UI_KINDS = new Set(["screen", "dialog", "click", "toggle"]);
const CONSENT_ACTIONS = new Set(["policy_shown", "agreed", "refused", "withdrawn"]);
const CONSENT_SUBJECTS = new Set(["privacy_policy", "personalization", "sdk_list", "children_policy"]);
const PERMISSION_ACTIONS = new Set(["requested", "granted", "denied"]);
const INTENT_KINDS = new Set(["start_activity", "start_service", "broadcast"]);
const PARTIES = new Set(["first", "third", "unknown"]);

/** The result of validation: the typed trace and the non-fatal warnings. */
export interface ParsedTrace {
  trace: PiTrace;
  warnings: TraceWarning[];
}

function bad(seq: number | null, index: number, field: string, why: string): never {
  const where = seq === null ? `event #${index}` : `event seq ${seq}`;
  throw new DomainError("INVALID_TRACE", `${where}: field "${field}" ${why}`, { seq, index, field });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStrArray(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== "string") return false;
  return true;
}

/**
 * Validates a pi-trace/1 document. The first bad event stops everything with INVALID_TRACE naming its seq and
 * field (spec: "nothing else runs"); unknown piTypes and APIs become warnings for the report.
 */
export function parseTrace(doc: unknown): ParsedTrace {
  if (!isObj(doc)) throw new DomainError("INVALID_TRACE", "a pi-trace document must be a JSON object", { field: "$" });
  if (doc.schemaVersion !== "pi-trace/1") throw new DomainError("INVALID_TRACE", 'schemaVersion must be "pi-trace/1"', { field: "schemaVersion" });
  const session = doc.session;
  if (!isObj(session) || !isObj(session.app)) throw new DomainError("INVALID_TRACE", "session.app is required", { field: "session.app" });
  for (const k of ["name", "packageName", "version", "developer", "source", "appType"]) {
    const v = session.app[k];
    if (v !== undefined && typeof v !== "string") throw new DomainError("INVALID_TRACE", `session.app.${k} must be a string`, { field: `session.app.${k}` });
  }
  const events = doc.events;
  if (!Array.isArray(events)) throw new DomainError("INVALID_TRACE", "events must be an array", { field: "events" });
  const warnings: TraceWarning[] = [];
  let lastSeq = Number.NEGATIVE_INFINITY;
  let lastT = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    if (!isObj(e)) bad(null, i, "$", "is not an object");
    const seq = e.seq;
    if (typeof seq !== "number" || !Number.isInteger(seq)) bad(null, i, "seq", "must be an integer");
    if (seq <= lastSeq) bad(seq, i, "seq", "must be unique and increasing");
    const t = e.t;
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0) bad(seq, i, "t", "must be a non-negative number of milliseconds");
    if (t < lastT) bad(seq, i, "t", "goes backwards (t must be non-decreasing)");
    lastSeq = seq;
    lastT = t;
    const type = e.type;
    if (typeof type !== "string" || !EVENT_TYPES.has(type)) bad(seq, i, "type", "is not a pi-trace/1 event type");
    validateEvent(e, seq, i, type, warnings);
  }
  return { trace: doc as unknown as PiTrace, warnings };
}

function checkAttribution(e: Record<string, unknown>, seq: number, i: number): void {
  const a = e.attribution;
  if (a === undefined) return;
  if (!isObj(a) || typeof a.party !== "string" || !PARTIES.has(a.party)) bad(seq, i, "attribution.party", "must be first, third or unknown");
  if (a.sdkId !== undefined && typeof a.sdkId !== "string") bad(seq, i, "attribution.sdkId", "must be a string");
}

function checkOptBool(e: Record<string, unknown>, field: string, seq: number, i: number): void {
  const v = e[field];
  if (v !== undefined && typeof v !== "boolean") bad(seq, i, field, "must be a boolean");
}

function validateEvent(e: Record<string, unknown>, seq: number, i: number, type: string, warnings: TraceWarning[]): void {
  switch (type) {
    case "lifecycle":
      if (typeof e.phase !== "string" || !PHASES.has(e.phase)) bad(seq, i, "phase", "is not a lifecycle phase");
      return;
    case "ui":
      if (typeof e.kind !== "string" || !UI_KINDS.has(e.kind)) bad(seq, i, "kind", "must be screen, dialog, click or toggle");
      if (e.role !== undefined && typeof e.role !== "string") bad(seq, i, "role", "must be a string");
      if (e.depth !== undefined && (typeof e.depth !== "number" || e.depth < 0)) bad(seq, i, "depth", "must be a non-negative number");
      checkOptBool(e, "checked", seq, i);
      checkOptBool(e, "preChecked", seq, i);
      return;
    case "consent":
      if (typeof e.action !== "string" || !CONSENT_ACTIONS.has(e.action)) bad(seq, i, "action", "is not a consent action");
      if (typeof e.subject !== "string" || !CONSENT_SUBJECTS.has(e.subject)) bad(seq, i, "subject", "is not a consent subject");
      checkOptBool(e, "preChecked", seq, i);
      return;
    case "permission":
      if (typeof e.action !== "string" || !PERMISSION_ACTIONS.has(e.action)) bad(seq, i, "action", "must be requested, granted or denied");
      if (!isStrArray(e.permissions) || e.permissions.length === 0) bad(seq, i, "permissions", "must be a non-empty array of permission names");
      checkOptBool(e, "userInitiated", seq, i);
      checkAttribution(e, seq, i);
      return;
    case "api_call": {
      if (typeof e.api !== "string" || e.api === "") bad(seq, i, "api", "must be a class.method string");
      if (!isStrArray(e.piTypes)) bad(seq, i, "piTypes", "must be an array of piType names");
      if (e.appState !== undefined && e.appState !== "foreground" && e.appState !== "background") bad(seq, i, "appState", "must be foreground or background");
      if (e.stack !== undefined && !isStrArray(e.stack)) bad(seq, i, "stack", "must be an array of frames");
      checkOptBool(e, "userInitiated", seq, i);
      checkAttribution(e, seq, i);
      if (!Object.hasOwn(KNOWN_PI_APIS, e.api)) warnings.push({ seq, field: "api", code: "unknown_api", value: e.api });
      for (const p of e.piTypes) if (!isTracePiType(p)) warnings.push({ seq, field: "piTypes", code: "unknown_pi_type", value: p });
      return;
    }
    case "network": {
      if (typeof e.host !== "string" || e.host === "") bad(seq, i, "host", "must be a host name");
      if (e.transport !== "https" && e.transport !== "http") bad(seq, i, "transport", "must be https or http");
      const found = e.piFound ?? [];
      if (!Array.isArray(found)) bad(seq, i, "piFound", "must be an array");
      for (let k = 0; k < found.length; k++) {
        const f: unknown = found[k];
        if (!isObj(f) || typeof f.piType !== "string") bad(seq, i, `piFound[${k}].piType`, "must be a string");
        if (!isTracePiType(f.piType)) warnings.push({ seq, field: `piFound[${k}].piType`, code: "unknown_pi_type", value: f.piType });
      }
      if (e.piFound === undefined) e.piFound = [];
      if (e.stack !== undefined && !isStrArray(e.stack)) bad(seq, i, "stack", "must be an array of frames");
      checkAttribution(e, seq, i);
      return;
    }
    case "intent":
      if (typeof e.kind !== "string" || !INTENT_KINDS.has(e.kind)) bad(seq, i, "kind", "must be start_activity, start_service or broadcast");
      if (e.targetPackage !== undefined && typeof e.targetPackage !== "string") bad(seq, i, "targetPackage", "must be a string");
      checkOptBool(e, "userInitiated", seq, i);
      return;
    case "annotation":
      if (!isStrArray(e.tags)) bad(seq, i, "tags", "must be an array of strings");
      if (e.clicks !== undefined && (typeof e.clicks !== "number" || e.clicks < 0)) bad(seq, i, "clicks", "must be a non-negative number");
      return;
  }
}
