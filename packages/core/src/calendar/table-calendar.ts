import type { DayKind, HolidayCalendar } from "../ports/holiday-calendar.js";
import { isWeekendDay, toDayNumber } from "./dates.js";

/** One published day: a holiday (放假) or an adjusted working day (调休上班), with its festival name. */
export interface PublishedDay {
  kind: DayKind;
  name?: string;
}

/** The kind a date has by the weekly rule alone: Saturday and Sunday rest, Monday–Friday work. */
export function weekdayRuleKind(date: string): DayKind {
  return isWeekendDay(toDayNumber(date)) ? "weekend" : "workday";
}

/**
 * A HolidayCalendar from a table of published days for a range of years: listed days have their
 * listed kind, every other day of those years follows the weekly rule, and dates outside the years
 * are unknown. The chinese-days adapter is one of these; tests build small ones by hand.
 */
export class TableHolidayCalendar implements HolidayCalendar {
  private readonly days: ReadonlyMap<string, PublishedDay>;

  constructor(
    private readonly years: { first: number; last: number },
    days: Iterable<readonly [string, PublishedDay]>,
  ) {
    this.days = new Map(days);
  }

  /** The kind of `date`, or undefined outside the published years. */
  dayKind(date: string): DayKind | undefined {
    if (!this.covers(date)) return undefined;
    return this.days.get(date)?.kind ?? weekdayRuleKind(date);
  }

  /** The festival name of a listed day (e.g. "国庆节 National Day"). */
  dayName(date: string): string | undefined {
    return this.covers(date) ? this.days.get(date)?.name : undefined;
  }

  /** The published years, inclusive. */
  knownYears(): { first: number; last: number } {
    return { ...this.years };
  }

  private covers(date: string): boolean {
    const y = Number(date.slice(0, 4));
    return y >= this.years.first && y <= this.years.last;
  }
}
