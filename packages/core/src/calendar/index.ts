export { addDays, type CalendarDate, fromDayNumber, isCalendarDate, isWeekendDay, SUPPORTED_YEARS, toDayNumber, weekdayOf, weekdayOfDay } from "./dates.js";
export { type DayOverride, type DaySource, LayeredCalendar } from "./layered-calendar.js";
export { checkOverride, DAY_KINDS, isDayKind, MAX_OVERRIDE_NAME, type OverrideIssue } from "./overrides.js";
export { type PublishedDay, TableHolidayCalendar, weekdayRuleKind } from "./table-calendar.js";
export {
  addWorkingDays,
  type CalendarDay,
  type DueDate,
  describeDay,
  isWorkingDay,
  isWorkingKind,
  listDays,
  MAX_LISTED_DAYS,
  MAX_SPAN_DAYS,
  MAX_WORKING_DAYS,
  type WorkingDayCount,
  workingDaysBetween,
} from "./working-days.js";
