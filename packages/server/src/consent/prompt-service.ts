/** Prompts shown (for frequency audits) and the should-ask answer (GB/T 41391-2022 6.4.4 c). */
import { type AskAnswer, type Clock, DomainError, type IdGenerator, MIN_PERMISSION_REPROMPT_HOURS, shouldAsk } from "@pipguard/core";
import type { Db } from "../storage/db.js";
import type { ConsentService } from "./consent-service.js";

export const PROMPT_OUTCOMES = ["granted", "refused", "dismissed"] as const;
export type PromptOutcome = (typeof PROMPT_OUTCOMES)[number];

export interface PromptInput {
  subjectId: string;
  app: string;
  purpose?: string | undefined;
  permission?: string | undefined;
  outcome?: PromptOutcome | null | undefined;
}

export class PromptService {
  constructor(private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; consent: ConsentService }) {}

  /** Records a prompt shown, with its outcome when known. */
  async record(input: PromptInput): Promise<{ id: string; shownAt: string }> {
    if (input.purpose) await this.deps.consent.purpose(input.purpose);
    const id = this.deps.ids.next();
    const shownAt = this.deps.clock.now().toISOString();
    await this.deps.db.kysely
      .insertInto("consent_prompts")
      .values({
        id,
        subject_id: input.subjectId,
        app: input.app,
        target_kind: input.purpose ? "purpose" : "permission",
        target: (input.purpose ?? input.permission)!,
        outcome: input.outcome ?? null,
        shown_at: shownAt,
      })
      .execute();
    return { id, shownAt };
  }

  /** Prompts shown to a subject, newest first. */
  async list(subjectId: string): Promise<{ id: string; app: string; targetKind: string; target: string; outcome: string | null; shownAt: string }[]> {
    const rows = await this.deps.db.kysely
      .selectFrom("consent_prompts")
      .selectAll()
      .where("subject_id", "=", subjectId)
      .orderBy("shown_at", "desc")
      .limit(1000)
      .execute();
    return rows.map((r) => ({ id: r.id, app: r.app, targetKind: r.target_kind, target: r.target, outcome: r.outcome, shownAt: r.shown_at }));
  }

  /** Whether an app may prompt now: the ledger state (purposes) and refused prompts (both) decide. */
  async shouldAsk(q: { subjectId: string; purpose?: string | undefined; permission?: string | undefined }): Promise<AskAnswer> {
    const permission = !q.purpose;
    if (q.purpose) await this.deps.consent.purpose(q.purpose); // UNKNOWN_PURPOSE for a code the catalog lacks
    const state = q.purpose ? await this.deps.consent.state(q.subjectId, q.purpose) : undefined;
    const last = await this.deps.db.kysely
      .selectFrom("consent_prompts")
      .select((eb) => eb.fn.max("shown_at").as("at"))
      .where("subject_id", "=", q.subjectId)
      .where("target_kind", "=", permission ? "permission" : "purpose")
      .where("target", "=", (q.purpose ?? q.permission)!)
      .where("outcome", "=", "refused")
      .executeTakeFirst();
    return shouldAsk({
      state,
      lastRefusalMs: last?.at ? Date.parse(String(last.at)) : Number.NaN,
      nowMs: this.deps.clock.now().getTime(),
      configuredHours: await this.hours(permission ? "permission" : "purpose", (q.purpose ?? q.permission)!),
      permission,
    });
  }

  private async hours(kind: "purpose" | "permission", target: string): Promise<number | undefined> {
    const r = await this.deps.db.kysely
      .selectFrom("prompt_settings")
      .select("reprompt_hours")
      .where("target_kind", "=", kind)
      .where("target", "=", target)
      .executeTakeFirst();
    return r ? Number(r.reprompt_hours) : undefined;
  }

  /** Every configured quiet period (unlisted targets use the 48-hour default). */
  async settings(): Promise<{ targetKind: string; target: string; hours: number; updatedAt: string }[]> {
    const rows = await this.deps.db.kysely.selectFrom("prompt_settings").selectAll().orderBy("target_kind").orderBy("target").execute();
    return rows.map((r) => ({ targetKind: r.target_kind, target: r.target, hours: Number(r.reprompt_hours), updatedAt: r.updated_at }));
  }

  /** Sets the quiet period after a refusal; a permission's is never below 48 hours (GB/T 41391-2022 6.4.4 c). */
  async setHours(input: {
    purpose?: string | undefined;
    permission?: string | undefined;
    hours: number;
  }): Promise<{ targetKind: string; target: string; hours: number; updatedAt: string }> {
    if (input.purpose) await this.deps.consent.purpose(input.purpose);
    const targetKind = input.purpose ? "purpose" : "permission";
    if (targetKind === "permission" && input.hours < MIN_PERMISSION_REPROMPT_HOURS) {
      throw new DomainError(
        "VALIDATION_FAILED",
        `a permission may not be asked for again within ${MIN_PERMISSION_REPROMPT_HOURS} hours of a refusal (GB/T 41391-2022 6.4.4 c)`,
        {
          field: "hours",
        },
      );
    }
    const target = (input.purpose ?? input.permission)!;
    const updatedAt = this.deps.clock.now().toISOString();
    const q = this.deps.db.kysely;
    await q.transaction().execute(async (trx) => {
      await trx.deleteFrom("prompt_settings").where("target_kind", "=", targetKind).where("target", "=", target).execute();
      await trx.insertInto("prompt_settings").values({ target_kind: targetKind, target, reprompt_hours: input.hours, updated_at: updatedAt }).execute();
    });
    return { targetKind, target, hours: input.hours, updatedAt };
  }
}
