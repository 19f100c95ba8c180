/** Shapes of the API responses the console reads (see /openapi.json). */

export interface RequestSummary {
  id: string;
  type: string;
  status: string;
  deceasedRelative: boolean;
  channel: string;
  receivedAt: string;
  dueOn: string;
  dueProvisional: boolean;
  extendedDays: number;
  workingDaysLeft: number;
  isOverdue: boolean;
  assigneeId: string | null;
  refusalReason: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
}

export interface RequestList {
  items: RequestSummary[];
  counts: { byStatus: Record<string, number>; dueThisWeek: number; overdue: number };
}

export interface RequestEvent {
  id: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorKind: string;
  actorId: string | null;
  note: string | null;
  at: string;
}

export interface RequestDetail extends RequestSummary {
  contact: string;
  details: string | null;
  events: RequestEvent[];
  extensions: { workingDays: number; reason: string; previousDue: string; newDue: string; actorId: string | null; at: string }[];
}

export interface RequestMessage {
  id: string;
  channel: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface RefusalReason {
  code: string;
  labelZh: string;
  labelEn: string;
  legalBasis: string;
}

export interface RunResult {
  id: string;
  dryRun: boolean;
  stores: { storeKey: string; dryRun?: boolean; tables: { table: string; action?: string; rows: number }[] }[];
}

/** A fulfilment run (a requests.run job): status and progress store by store. */
export interface RunView {
  id: string;
  status: "queued" | "running" | "retrying" | "succeeded" | "failed";
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  stores: { storeKey: string; done: boolean; tables: { table: string; action?: string; rows: number }[] }[];
}

export interface ConsentStats {
  bucket: string;
  from: string;
  to: string;
  buckets: string[];
  series: { purpose: string; points: { start: string; grant: number; refuse: number; withdraw: number }[] }[];
}

export interface InspectionSummary {
  id: string;
  batch: string | null;
  app: { name: string | null; packageName: string | null; version: string | null; developer: string | null };
  deadline: string | null;
  status: string;
  findingsCount: number;
  labels: string[];
  previousId: string | null;
  createdAt: string;
}

export interface PolicyDocument {
  id: string;
  app: string;
  kind: string;
  title: string;
  currentVersion: number | null;
  updatedAt: string;
}

export interface PolicyVersion {
  version: number;
  content: string;
  contentHash: string;
  changeSummary: string | null;
  materialChange: boolean;
  effectiveAt: string;
  publishedAt: string;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
}
