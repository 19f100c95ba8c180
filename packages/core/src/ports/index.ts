export type { Clock, IdGenerator } from "./clock.js";
export type { Hasher } from "./hasher.js";
export type { DayKind, HolidayCalendar } from "./holiday-calendar.js";
