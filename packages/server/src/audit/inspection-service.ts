import {
  type AuditInput,
  type AuditReport,
  auditApp,
  buildNotice,
  compareInspections,
  DomainError,
  type Notice,
  noticeLabels,
  type RectificationSummary,
} from "@pipguard/core";
import type { AppContext } from "../context.js";

/** A stored inspection without its full report. */
export interface InspectionSummary {
  id: string;
  batch: string | null;
  app: { name: string | null; packageName: string | null; version: string | null; developer: string | null; source: string | null; appType: string | null };
  deadline: string | null;
  /** open: findings to rectify; clean: none; rectified / not_rectified: set by a later re-inspection. */
  status: "open" | "clean" | "rectified" | "not_rectified";
  findingsCount: number;
  labels: string[];
  previousId: string | null;
  createdAt: string;
}

export interface Inspection extends InspectionSummary {
  report: AuditReport;
  rectification: RectificationSummary | null;
}

/** What a caller submits: the audit inputs plus where the inspection belongs. */
export interface InspectInput extends AuditInput {
  batch?: string;
  deadline?: string;
  previousId?: string;
  createdBy?: string | null;
}

type Row = {
  id: string;
  batch: string | null;
  app_name: string | null;
  package_name: string | null;
  app_version: string | null;
  developer: string | null;
  source: string | null;
  app_type: string | null;
  deadline: string | null;
  status: string;
  findings_count: number;
  labels: string;
  report: string;
  previous_id: string | null;
  rectification: string | null;
  created_at: string;
};

function toSummary(r: Row): InspectionSummary {
  return {
    id: r.id,
    batch: r.batch,
    app: { name: r.app_name, packageName: r.package_name, version: r.app_version, developer: r.developer, source: r.source, appType: r.app_type },
    deadline: r.deadline,
    status: r.status as InspectionSummary["status"],
    findingsCount: Number(r.findings_count),
    labels: JSON.parse(r.labels) as string[],
    previousId: r.previous_id,
    createdAt: r.created_at,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Inspections (检测记录): audit a session, store it, re-inspect a later version, build the notice of a batch. */
export class InspectionService {
  constructor(private readonly ctx: Pick<AppContext, "db" | "clock" | "ids">) {}

  /** Audits one session and stores the result; with previousId, marks the earlier findings fixed / not fixed. */
  async inspect(input: InspectInput): Promise<Inspection> {
    if (input.deadline !== undefined && !DATE.test(input.deadline)) throw new DomainError("INVALID_DATE", "deadline must be YYYY-MM-DD", { field: "deadline" });
    const previous = input.previousId ? await this.get(input.previousId) : null;
    const report = auditApp(input);
    const rectification = previous ? compareInspections(previous.report, report) : null;
    const labels = noticeLabels(report);
    const now = this.ctx.clock.now().toISOString();
    const row: Row & { created_by: string | null; updated_at: string } = {
      id: this.ctx.ids.next(),
      batch: input.batch ?? previous?.batch ?? null,
      app_name: report.app.name ?? null,
      package_name: report.app.packageName ?? null,
      app_version: report.app.version ?? null,
      developer: report.app.developer ?? null,
      source: report.app.source ?? null,
      app_type: report.app.appType ?? null,
      deadline: input.deadline ?? previous?.deadline ?? null,
      status: report.findings.length > 0 ? "open" : "clean",
      findings_count: report.findings.length,
      labels: JSON.stringify(labels),
      report: JSON.stringify(report),
      previous_id: previous?.id ?? null,
      rectification: rectification ? JSON.stringify(rectification) : null,
      created_by: input.createdBy ?? null,
      created_at: now,
      updated_at: now,
    };
    const db = this.ctx.db.kysely;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("app_inspections").values(row).execute();
      if (previous && rectification) {
        // The earlier inspection is settled by this one (整改复测): rectified only when nothing remains unfixed.
        const status = rectification.notFixed === 0 ? "rectified" : "not_rectified";
        await tx.updateTable("app_inspections").set({ status, updated_at: now }).where("id", "=", previous.id).execute();
      }
    });
    return { ...toSummary(row), report, rectification };
  }

  /** One inspection with its full report; NOT_FOUND when absent. */
  async get(id: string): Promise<Inspection> {
    const r = await this.ctx.db.kysely.selectFrom("app_inspections").selectAll().where("id", "=", id).executeTakeFirst();
    if (!r) throw new DomainError("NOT_FOUND", "no such inspection");
    return {
      ...toSummary(r),
      report: JSON.parse(r.report) as AuditReport,
      rectification: r.rectification ? (JSON.parse(r.rectification) as RectificationSummary) : null,
    };
  }

  /** Inspections, newest first, optionally of one batch or one package. */
  async list(filter: { batch?: string; packageName?: string; limit?: number } = {}): Promise<InspectionSummary[]> {
    let q = this.ctx.db.kysely
      .selectFrom("app_inspections")
      .select([
        "id",
        "batch",
        "app_name",
        "package_name",
        "app_version",
        "developer",
        "source",
        "app_type",
        "deadline",
        "status",
        "findings_count",
        "labels",
        "report",
        "previous_id",
        "rectification",
        "created_at",
      ])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(Math.min(filter.limit ?? 100, 500));
    if (filter.batch !== undefined) q = q.where("batch", "=", filter.batch);
    if (filter.packageName !== undefined) q = q.where("package_name", "=", filter.packageName);
    return (await q.execute()).map(toSummary);
  }

  /** The notice of a batch: the latest inspection of each app, with re-inspection results where present. */
  async notice(batch: string, deadline?: string): Promise<Notice> {
    const rows = await this.ctx.db.kysely
      .selectFrom("app_inspections")
      .selectAll()
      .where("batch", "=", batch)
      .orderBy("created_at", "asc")
      .orderBy("id", "asc")
      .execute();
    if (rows.length === 0) throw new DomainError("NOT_FOUND", "no inspections in this batch");
    const superseded = new Set(rows.map((r) => r.previous_id).filter((x): x is string => x !== null));
    const latest = rows.filter((r) => !superseded.has(r.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const reports = latest.map((r) => JSON.parse(r.report) as AuditReport);
    const previous = latest.flatMap((r) => {
      const p = r.previous_id ? byId.get(r.previous_id) : undefined;
      return p ? [JSON.parse(p.report) as AuditReport] : [];
    });
    const d = deadline ?? rows.find((r) => r.deadline)?.deadline ?? undefined;
    return buildNotice(reports, { ...(d ? { deadline: d } : {}), previous });
  }
}
