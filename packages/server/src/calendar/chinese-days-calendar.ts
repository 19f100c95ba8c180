import { createRequire } from "node:module";
import { DomainError, isCalendarDate, type PublishedDay, TableHolidayCalendar, weekdayOf } from "@pipguard/core";

/**
 * The shape of chinese-days' dist/chinese-days.json: date → "English name,中文名,number" for
 * holidays (放假), adjusted working days (调休上班) and in-lieu days (a subset of holidays).
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: TableHolidayCalendar | undefined;

/** The mainland holiday calendar published by the chinese-days package (read once, then shared). */
export function chineseDaysCalendar(): TableHolidayCalendar {
  if (!cached) {
    const require = createRequire(import.meta.url);
    let data: unknown;
    try {
      data = require("chinese-days/dist/chinese-days.json");
    } catch {
      throw new DomainError("INTERNAL", "the chinese-days package data could not be read; reinstall dependencies");
    }
    cached = calendarFromChineseDays(data);
  }
  return cached;
}

/**
 * Builds a calendar from chinese-days data. The known years are derived from the data — every
 * published year lists holidays — and end at the first gap, so a missing year is never guessed.
 */
export function calendarFromChineseDays(data: unknown): TableHolidayCalendar {
  if (!isChineseDaysData(data)) throw new DomainError("INTERNAL", "the chinese-days data has an unexpected shape");
  const days = new Map<string, PublishedDay>();
  for (const [date, label] of Object.entries(data.holidays)) {
    if (isCalendarDate(date)) days.set(date, { kind: "holiday", name: festivalName(label) });
  }
  for (const [date, label] of Object.entries(data.workdays)) {
    if (!isCalendarDate(date)) continue;
    // The package lists only weekend days as workdays; a weekday entry would just be a workday.
    const w = weekdayOf(date);
    days.set(date, { kind: w === 0 || w === 6 ? "adjusted_workday" : "workday", name: festivalName(label) });
  }
  const years = [
    ...new Set(
      Object.keys(data.holidays)
        .filter(isCalendarDate)
        .map((d) => Number(d.slice(0, 4))),
    ),
  ].sort((a, b) => a - b);
  const first = years[0];
  if (first === undefined) throw new DomainError("INTERNAL", "the chinese-days data lists no years");
  let last = first;
  while (years.includes(last + 1)) last += 1;
  return new TableHolidayCalendar({ first, last }, days);
}

/** "National Day,国庆节,3" → "国庆节 National Day". */
function festivalName(label: string): string {
  const [en, zh] = label.split(",");
  return [zh, en]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(" ");
}

function isChineseDaysData(x: unknown): x is ChineseDaysData {
  if (typeof x !== "object" || x === null) return false;
  const d = x as Record<string, unknown>;
  return isStringRecord(d.holidays) && isStringRecord(d.workdays);
}

function isStringRecord(x: unknown): x is Record<string, string> {
  return typeof x === "object" && x !== null && Object.values(x).every((v) => typeof v === "string");
}
