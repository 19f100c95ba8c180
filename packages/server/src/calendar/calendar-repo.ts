import type { DayKind } from "@pipguard/core";
import type { Db } from "../storage/db.js";

/** Who wrote an override: the HTTP API / CLI one by one, or a file import. */
export type OverrideSource = "api" | "import";

/** One row of calendar_overrides as the domain sees it. */
export interface CalendarOverride {
  date: string;
  kind: DayKind;
  name: string | null;
  source: OverrideSource;
  createdAt: string;
  updatedAt: string;
}

/** What to store for one date. */
export interface OverrideInput {
  date: string;
  kind: DayKind;
  name: string | null;
}

type Row = { date: string; kind: string; name: string | null; source: string; created_at: string; updated_at: string };

// Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits (6 columns each).
const BATCH = 500;

/** calendar_overrides: the only code that knows its SQL. */
export class CalendarRepo {
  constructor(private readonly db: Db) {}

  /** Every override, oldest date first. */
  async list(): Promise<CalendarOverride[]> {
    const rows = await this.db.kysely.selectFrom("calendar_overrides").selectAll().orderBy("date").execute();
    return rows.map(toOverride);
  }

  /** The override of one date, if any. */
  async find(date: string): Promise<CalendarOverride | undefined> {
    const row = await this.db.kysely.selectFrom("calendar_overrides").selectAll().where("date", "=", date).executeTakeFirst();
    return row ? toOverride(row) : undefined;
  }

  /**
   * Inserts or replaces overrides in one transaction (all or nothing); created_at survives a
   * replacement. Answers how many dates were new.
   */
  async upsertMany(items: readonly OverrideInput[], source: OverrideSource, now: string): Promise<{ created: number; updated: number }> {
    return this.db.kysely.transaction().execute(async (trx) => {
      const existing = new Set((await trx.selectFrom("calendar_overrides").select("date").execute()).map((r) => r.date));
      const created = items.filter((i) => !existing.has(i.date)).length;
      for (let i = 0; i < items.length; i += BATCH) {
        const values = items.slice(i, i + BATCH).map((o) => ({ date: o.date, kind: o.kind, name: o.name, source, created_at: now, updated_at: now }));
        await trx
          .insertInto("calendar_overrides")
          .values(values)
          .onConflict((oc) =>
            oc.column("date").doUpdateSet((eb) => ({
              kind: eb.ref("excluded.kind"),
              name: eb.ref("excluded.name"),
              source: eb.ref("excluded.source"),
              updated_at: eb.ref("excluded.updated_at"),
            })),
          )
          .execute();
      }
      return { created, updated: items.length - created };
    });
  }

  /** Removes the override of a date; false when there was none. */
  async delete(date: string): Promise<boolean> {
    const r = await this.db.kysely.deleteFrom("calendar_overrides").where("date", "=", date).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Changes whenever a row is written or removed: lets another instance notice it is stale. */
  async fingerprint(): Promise<string> {
    const r = await this.db.kysely
      .selectFrom("calendar_overrides")
      .select((eb) => [eb.fn.countAll().as("n"), eb.fn.max("updated_at").as("latest")])
      .executeTakeFirst();
    return `${String(r?.n ?? 0)}|${r?.latest ?? ""}`;
  }
}

function toOverride(r: Row): CalendarOverride {
  return {
    date: r.date,
    kind: r.kind as DayKind,
    name: r.name,
    source: r.source === "import" ? "import" : "api",
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
