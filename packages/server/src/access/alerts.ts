/**
 * Alerts on contractor access (PIPL Art. 21: the processor supervises its entrusted processors):
 * recorded, mailed to PIPGUARD_ALERT_EMAIL through the outbox, and — when the grant says so —
 * suspending the grant at once.
 */
import type { AppContext } from "../context.js";
import { enqueueMessage } from "../requests/outbox.js";

export const ALERT_KINDS = ["quota_exceeded", "unusual_volume", "outside_hours", "canary_revealed"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const TITLES: Record<AlertKind, string> = {
  quota_exceeded: "超出每日行数配额 / daily row quota exceeded",
  unusual_volume: "异常批量访问 / unusual access volume",
  outside_hours: "非授权时段访问 / access outside allowed hours",
  canary_revealed: "金丝雀行被揭示 / a canary row was revealed",
};

/** An alert as the API shows it. */
export interface AccessAlert {
  id: string;
  grantId: string;
  kind: AlertKind;
  detail: Record<string, unknown>;
  suspended: boolean;
  createdAt: string;
}

/** The grant facts an alert needs. */
export interface AlertGrant {
  id: string;
  contractorId: string;
  purpose: string;
  autoSuspend: boolean;
}

/**
 * Records an alert (once per dedupe key), mails it and suspends the grant when it auto-suspends.
 * `detail` carries counts and times only, never PI. Returns undefined when already raised.
 */
export async function raiseAlert(
  ctx: AppContext,
  g: AlertGrant,
  kind: AlertKind,
  detail: Record<string, unknown>,
  dedupeKey?: string,
): Promise<AccessAlert | undefined> {
  const now = ctx.clock.now().toISOString();
  const alert: AccessAlert = { id: ctx.ids.next(), grantId: g.id, kind, detail, suspended: g.autoSuspend, createdAt: now };
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("access_alerts")
      .values({
        id: alert.id,
        grant_id: g.id,
        kind,
        detail: JSON.stringify(detail),
        suspended: g.autoSuspend ? 1 : 0,
        dedupe_key: dedupeKey ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return undefined;
    if (g.autoSuspend)
      await trx.updateTable("access_grants").set({ status: "suspended", updated_at: now }).where("id", "=", g.id).where("status", "=", "active").execute();
    ctx.logger.warn({ subsystem: "access", grantId: g.id, kind, suspended: g.autoSuspend }, "contractor access alert");
    if (ctx.config.alertEmail) {
      const lines = [
        `${TITLES[kind]}`,
        `授权 grant: ${g.id}`,
        `受托人 contractor: ${g.contractorId}`,
        `目的 purpose: ${g.purpose}`,
        `详情 detail: ${JSON.stringify(detail)}`,
        g.autoSuspend ? "该授权已自动暂停 / the grant has been suspended automatically." : "该授权仍有效 / the grant stays active.",
        "依据 basis: PIPL Art. 21 (监督受托人), Art. 51",
      ];
      await enqueueMessage(
        ctx,
        {
          requestId: null,
          channel: "email",
          to: ctx.config.alertEmail,
          subject: `[pipguard] ${TITLES[kind]}`,
          text: lines.join("\n"),
          dedupeKey: `alert:${alert.id}`,
        },
        trx,
      );
    }
    return alert;
  });
}

/** Alerts, newest first; optionally of one grant. */
export async function listAlerts(ctx: AppContext, opts: { grantId?: string; limit?: number } = {}): Promise<AccessAlert[]> {
  let q = ctx.db.kysely.selectFrom("access_alerts").selectAll();
  if (opts.grantId) q = q.where("grant_id", "=", opts.grantId);
  const rows = await q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(opts.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    grantId: r.grant_id,
    kind: r.kind as AlertKind,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    suspended: r.suspended === 1,
    createdAt: r.created_at,
  }));
}
