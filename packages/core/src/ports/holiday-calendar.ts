/** What kind of day a calendar date is on the mainland calendar. */
export type DayKind =
  | "workday" // an ordinary Monday–Friday
  | "weekend" // an ordinary Saturday or Sunday
  | "holiday" // a statutory holiday or a day of its bridge (放假)
  | "adjusted_workday"; // a weekend day made a working day (调休上班)

/**
 * The source of mainland statutory holidays and adjusted working days (调休).
 * `dayKind` answers `undefined` for a date outside the years the source knows.
 */
export interface HolidayCalendar {
  dayKind(date: string): DayKind | undefined;
  /** The years (inclusive) for which this source has published data. */
  knownYears(): { first: number; last: number };
  /** The festival's name for a listed day (e.g. "国庆节 National Day"), when the source has names. */
  dayName?(date: string): string | undefined;
}
