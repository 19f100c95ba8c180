import type { DayKind, HolidayCalendar } from "../ports/holiday-calendar.js";

/** Where a day's kind came from: the base source, an administrator's override, or the weekly rule. */
export type DaySource = "base" | "override" | "weekday-rule";

/** An administrator's explicit kind for one date (for years or changes the base does not know yet). */
export interface DayOverride {
  date: string;
  kind: DayKind;
  name?: string | null;
}

/**
 * Overrides on top of a base HolidayCalendar. An override wins over the base; a date neither knows
 * answers undefined, which the working-day functions treat as "weekly rule, provisional".
 * Instances are immutable: `withOverrides` builds a new one, so a cache can swap it atomically.
 */
export class LayeredCalendar implements HolidayCalendar {
  private readonly overrides: ReadonlyMap<string, DayOverride>;

  constructor(
    readonly base: HolidayCalendar,
    overrides: Iterable<DayOverride> = [],
  ) {
    this.overrides = new Map([...overrides].map((o) => [o.date, o]));
  }

  /** The same base with a different set of overrides. */
  withOverrides(overrides: Iterable<DayOverride>): LayeredCalendar {
    return new LayeredCalendar(this.base, overrides);
  }

  /** The override's kind, else the base's, else undefined (unknown date). */
  dayKind(date: string): DayKind | undefined {
    return this.overrides.get(date)?.kind ?? this.base.dayKind(date);
  }

  /** The override's name, else the base's festival name. */
  dayName(date: string): string | undefined {
    const o = this.overrides.get(date);
    if (o) return o.name ?? undefined;
    return this.base.dayName?.(date);
  }

  /** Years the base has published data for; overrides do not widen them. */
  knownYears(): { first: number; last: number } {
    return this.base.knownYears();
  }

  /** Where the kind of a date comes from. */
  sourceOf(date: string): DaySource {
    if (this.overrides.has(date)) return "override";
    return this.base.dayKind(date) === undefined ? "weekday-rule" : "base";
  }

  /** How many overrides are layered on the base. */
  get overrideCount(): number {
    return this.overrides.size;
  }
}
