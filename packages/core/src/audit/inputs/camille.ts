import { DomainError } from "../../errors.js";
import { CAMILLE_MESSAGES } from "../data/camille-messages.js";
import { KNOWN_PI_APIS } from "../data/pi-apis.js";
import type { Attribution, PiTrace, TraceApp, TraceEvent } from "../trace.js";
import { PLATFORM_PREFIXES } from "../vocab.js";
import { parseCsv } from "./csv.js";

const COLUMNS = {
  status: "隐私政策状态",
  time: "时间点",
  subject: "行为主体",
  action: "操作行为",
  message: "行为描述",
  args: "传入参数",
  stack: "调用堆栈",
} as const;

/** ContentResolver.query URIs → piTypes (Camille reports the URI in 传入参数). */
const URI_TYPES: [RegExp, string][] = [
  [/contacts|ContactsContract/i, "contacts"],
  [/calendar/i, "calendar"],
  [/call_log|calls/i, "call_log"],
  [/sms|mms/i, "sms"],
  [/media|images|video/i, "photos_media"],
];

function frames(stack: string): string[] {
  return stack
    .split(/\r?\n/)
    .map((l) =>
      l
        .trim()
        .replace(/^at\s+/, "")
        .replace(/\(.*\)$/, "")
        .trim(),
    )
    .filter((l) => l !== "" && !/^java\.lang\.(Throwable|Exception)\b/.test(l));
}

function parseTime(v: string, row: number): number {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(v.trim());
  if (!m) throw new DomainError("INVALID_AUDIT_INPUT", `row ${row}: 时间点 is not a date-time (YYYY-MM-DD HH:MM:SS)`, { row, field: COLUMNS.time });
  const [, y, mo, d, h, mi, s, ms] = m;
  // Camille writes the tester's local wall clock; mainland testers run at UTC+8.
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(s), Number((ms ?? "0").padEnd(3, "0")));
}

function iso8(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
}

/** Converts a Camille-style CSV export (columns 隐私政策状态 … 调用堆栈) into a pi-trace/1 document. */
export function convertCamille(csv: string, app: TraceApp = {}): PiTrace {
  const rows = parseCsv(csv);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const idx = {} as Record<keyof typeof COLUMNS, number>;
  for (const [k, name] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    idx[k] = header.indexOf(name);
    if (idx[k] < 0 && k !== "args" && k !== "subject") throw new DomainError("INVALID_AUDIT_INPUT", `Camille export lacks the column ${name}`, { field: name });
  }
  const data = rows.slice(1).filter((r) => r.some((c) => c.trim() !== ""));
  const events: TraceEvent[] = [];
  let seq = 0;
  const t0 = data.length > 0 ? parseTime(data[0]![idx.time] ?? "", 2) : 0;
  events.push({ seq: ++seq, t: 0, type: "lifecycle", phase: "process_start" });
  let consented = false;
  let subSecond = false;
  data.forEach((r, i) => {
    const rowNo = i + 2;
    const cell = (k: keyof typeof COLUMNS) => (idx[k] >= 0 ? (r[idx[k]] ?? "") : "");
    const timeCell = cell("time");
    if (/[.,]\d/.test(timeCell)) subSecond = true;
    const t = Math.max(0, parseTime(timeCell, rowNo) - t0);
    if (!consented && cell("status").includes("后")) {
      // The tester marked the consent moment: Camille asks at the privacy dialog, so the policy was shown.
      consented = true;
      events.push({ seq: ++seq, t, type: "consent", action: "policy_shown", subject: "privacy_policy" });
      events.push({ seq: ++seq, t, type: "consent", action: "agreed", subject: "privacy_policy" });
    }
    const action = cell("action");
    const message = cell("message");
    const args = cell("args");
    const stack = frames(cell("stack"));
    if (action.includes("申请权限")) {
      const permissions = [...new Set(args.match(/android\.permission\.[A-Z_]+/g) ?? [])];
      if (permissions.length > 0) events.push({ seq: ++seq, t, type: "permission", action: "requested", permissions });
      return;
    }
    if (message.includes("写入剪切板")) return; // writing the clipboard reads nothing
    const api = stack.find((f) => Object.hasOwn(KNOWN_PI_APIS, f)) ?? CAMILLE_MESSAGES[message] ?? `camille.${action || "unknown"}`;
    let piTypes = [...(KNOWN_PI_APIS[api] ?? [])];
    if (api === "android.content.ContentResolver.query") piTypes = URI_TYPES.filter(([re]) => re.test(args)).map(([, p]) => p);
    const ev: TraceEvent = { seq: ++seq, t, type: "api_call", api, piTypes };
    if (stack.length > 0 && stack.some((f) => !PLATFORM_PREFIXES.some((p) => f.startsWith(p)))) ev.stack = stack;
    else {
      const subject = cell("subject").toUpperCase();
      const attribution: Attribution | undefined = subject.includes("SDK") ? { party: "third" } : subject.includes("APP") ? { party: "first" } : undefined;
      if (attribution) ev.attribution = attribution;
    }
    events.push(ev);
  });
  return {
    schemaVersion: "pi-trace/1",
    session: {
      app,
      ...(data.length > 0 ? { startedAt: iso8(t0) } : {}),
      clock: { resolutionMs: subSecond ? 1 : 1000 },
      tool: { name: "camille", converter: "camille-csv" },
    },
    events,
  };
}
