import { addWorkingDays, alertDue, type DeadlineAlert, deadlineState, markAlertSent } from "@pipguard/core";
import type { AppContext } from "../context.js";
import { purgeExpiredSignIns } from "../privacy-center/sign-in.js";
import { purgeExpiredExports } from "./exports.js";
import { enqueueMessage } from "./outbox.js";
import { RequestRepo } from "./request-repo.js";
import { recordEvent, SYSTEM } from "./transitions.js";

const STAFF_TEXT: Record<DeadlineAlert, (id: string, due: string) => { subject: string; text: string }> = {
  reminder_5: (id, due) => ({ subject: "请求 5 个工作日内到期 Request due in 5 working days", text: `Request ${id} is due on ${due}.` }),
  reminder_2: (id, due) => ({ subject: "请求 2 个工作日内到期 Request due in 2 working days", text: `Request ${id} is due on ${due}.` }),
  overdue: (id, due) => ({
    subject: "请求已逾期 Request overdue",
    text: `Request ${id} was due on ${due} and is still open. Escalated to the privacy officer (PIPL Art. 52).`,
  }),
};

/**
 * The deadline job: for each open request, sends the 5- and 2-working-day reminders and escalates
 * once it is overdue. Each alert is claimed by a conditional update of its flag, so a job run twice
 * (or on two instances) sends every alert once.
 */
export async function sweepDeadlines(ctx: AppContext): Promise<{ reminders: number; overdue: number }> {
  await ctx.calendar.ensureFresh();
  const repo = new RequestRepo(ctx.db);
  const today = ctx.calendar.today();
  const horizon = addWorkingDays(ctx.calendar.calendar, today, 5).due;
  const out = { reminders: 0, overdue: 0 };
  for (const row of await repo.openDueBy(horizon)) {
    const state = deadlineState(ctx.calendar.calendar, today, row.due_on);
    const sent = { reminder5: row.reminder5_sent === 1, reminder2: row.reminder2_sent === 1, overdue: row.overdue_at !== null };
    const alert = alertDue(state, sent);
    if (!alert) continue;
    const next = markAlertSent(sent, alert);
    const now = ctx.clock.now().toISOString();
    const claimed = await ctx.db.kysely.transaction().execute(async (trx) => {
      let q = trx
        .updateTable("rights_requests")
        .set({ reminder5_sent: next.reminder5 ? 1 : 0, reminder2_sent: next.reminder2 ? 1 : 0, ...(alert === "overdue" ? { overdue_at: now } : {}) })
        .where("id", "=", row.id)
        .where("due_on", "=", row.due_on);
      q = alert === "overdue" ? q.where("overdue_at", "is", null) : q.where(alert === "reminder_5" ? "reminder5_sent" : "reminder2_sent", "=", 0);
      const r = await q.executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await recordEvent(ctx, trx, {
        requestId: row.id,
        kind: alert === "overdue" ? "overdue" : "reminder",
        actor: SYSTEM,
        note: `${alert}: due ${row.due_on}`,
      });
      // Staff notices carry the request id and date only; they go to the operator's console channel.
      const staff = STAFF_TEXT[alert](row.id, row.due_on);
      await enqueueMessage(
        ctx,
        { requestId: row.id, channel: "console", to: row.assignee_id ?? "privacy-officer", ...staff, dedupeKey: `${alert}:${row.id}:${row.due_on}` },
        trx,
      );
      return true;
    });
    if (!claimed) continue;
    if (alert === "overdue") out.overdue += 1;
    else out.reminders += 1;
    ctx.logger.info({ subsystem: "requests", requestId: row.id, alert, workingDaysLeft: state.workingDaysLeft }, "deadline alert");
  }
  await repo.pruneRate(new Date(ctx.clock.now().getTime() - 86_400_000).toISOString());
  await purgeExpiredExports(ctx);
  await purgeExpiredSignIns(ctx);
  return out;
}
