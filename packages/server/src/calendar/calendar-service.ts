import {
  addWorkingDays,
  type CalendarDay,
  type Clock,
  checkOverride,
  type DayKind,
  DomainError,
  type DueDate,
  describeDay,
  type HolidayCalendar,
  type IdGenerator,
  isWorkingDay,
  LayeredCalendar,
  listDays,
  toDayNumber,
  type WorkingDayCount,
  workingDaysBetween,
} from "@pipguard/core";
import type { Db } from "../storage/db.js";
import { type CalendarOverride, CalendarRepo, type OverrideInput, type OverrideSource } from "./calendar-repo.js";
import { chineseDaysCalendar } from "./chinese-days-calendar.js";
import { type ImportFormat, parseOverrides } from "./import-overrides.js";

/** Where a day's kind came from, as the API names it. */
export type DaySourceName = "package" | "override" | "weekday-rule";
/** One day for the API and CLI: core's view with the base named after the chinese-days package. */
export type CalendarDayView = Omit<CalendarDay, "source"> & { source: DaySourceName };

export interface CalendarServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** IANA zone whose calendar date is "today" (config PIPGUARD_TIMEZONE); default Asia/Shanghai. */
  timezone?: string;
  /** The base calendar; default the chinese-days package data. */
  base?: HolidayCalendar;
  /** How long answers may rest on the cache before `ensureFresh` checks the table again (ms). */
  refreshMs?: number;
}

/**
 * Working-day calendar: chinese-days data with the overrides table layered on top, held in memory
 * so deadline arithmetic is synchronous. Writes through this service reload the cache at once;
 * `ensureFresh` notices writes made by other instances sharing the database.
 */
export class CalendarService {
  readonly repo: CalendarRepo;
  readonly timezone: string;
  private readonly base: HolidayCalendar;
  private readonly refreshMs: number;
  private layered: LayeredCalendar | undefined;
  private fingerprint = "";
  private checkedAt = 0;
  private readonly dateFormat: Intl.DateTimeFormat;

  constructor(readonly deps: CalendarServiceDeps) {
    this.repo = new CalendarRepo(deps.db);
    this.base = deps.base ?? chineseDaysCalendar();
    this.refreshMs = deps.refreshMs ?? 5_000;
    this.timezone = deps.timezone ?? "Asia/Shanghai";
    try {
      this.dateFormat = new Intl.DateTimeFormat("en-US", { timeZone: this.timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      throw new DomainError("CONFIG_INVALID", "PIPGUARD_TIMEZONE: not an IANA time zone (e.g. Asia/Shanghai)");
    }
  }

  /** A service with its overrides already loaded (what createContext uses). */
  static async open(deps: CalendarServiceDeps): Promise<CalendarService> {
    const service = new CalendarService(deps);
    await service.load();
    return service;
  }

  /** Reads the overrides table into memory; call once at start (`open` does). */
  async load(): Promise<void> {
    const [overrides, fingerprint] = await Promise.all([this.repo.list(), this.repo.fingerprint()]);
    this.layered = new LayeredCalendar(this.base, overrides);
    this.fingerprint = fingerprint;
    this.checkedAt = performance.now();
  }

  /** Reloads when another instance changed the overrides (checked at most every refreshMs). */
  async ensureFresh(): Promise<void> {
    if (!this.layered) return this.load();
    if (performance.now() - this.checkedAt < this.refreshMs) return;
    const now = await this.repo.fingerprint();
    this.checkedAt = performance.now();
    if (now !== this.fingerprint) await this.load();
  }

  /** The loaded calendar; SERVICE_UNAVAILABLE before `load()`. */
  get calendar(): LayeredCalendar {
    if (!this.layered) throw new DomainError("SERVICE_UNAVAILABLE", "the calendar is not loaded yet");
    return this.layered;
  }

  /** Years the chinese-days data covers; beyond them results are provisional. */
  knownYears(): { first: number; last: number } {
    return this.base.knownYears();
  }

  /** The date n working days after `from` (receipt day not counted, Civil Code Art. 201). */
  addWorkingDays(from: string, n: number): DueDate {
    return addWorkingDays(this.calendar, from, n);
  }

  /** Working days after `from` up to and including `to` (negative once `to` has passed). */
  workingDaysBetween(from: string, to: string): WorkingDayCount {
    return workingDaysBetween(this.calendar, from, to);
  }

  /** True when `date` is a working day. */
  isWorkingDay(date: string): boolean {
    return isWorkingDay(this.calendar, date);
  }

  /** The kind of a date (the weekly rule outside the known years). */
  dayKind(date: string): DayKind {
    return describeDay(this.calendar, date).kind;
  }

  /** One day with its kind, working flag, source and name. */
  day(date: string): CalendarDayView {
    return view(describeDay(this.calendar, date));
  }

  /** Every day from `from` to `to` inclusive (at most 400). */
  days(from: string, to: string): CalendarDayView[] {
    return listDays(this.calendar, from, to).map(view);
  }

  /** Today's calendar date in the configured time zone (Asia/Shanghai by default). */
  today(): string {
    // Every decision asks (under-14 checks), and formatToParts is slow: the date cannot change within a
    // minute in any time zone (offsets are whole minutes), so the answer is kept per minute.
    const ms = this.deps.clock.now().getTime();
    const minute = Math.floor(ms / 60_000);
    if (minute !== this.todayMinute) {
      const parts = this.dateFormat.formatToParts(new Date(ms));
      const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
      this.todayValue = `${get("year")}-${get("month")}-${get("day")}`;
      this.todayMinute = minute;
    }
    return this.todayValue;
  }
  private todayMinute = Number.NaN;
  private todayValue = "";

  /** Every override, by date. */
  listOverrides(): Promise<CalendarOverride[]> {
    return this.repo.list();
  }

  /** Sets the kind of one date; answers the stored override and whether it is new. */
  async upsertOverride(
    input: { date: string; kind: string; name?: string | null },
    source: OverrideSource = "api",
  ): Promise<{ override: CalendarOverride; created: boolean }> {
    toDayNumber(input.date); // INVALID_DATE before anything else
    const issues = checkOverride(input);
    if (issues.length > 0) {
      throw new DomainError("VALIDATION_FAILED", `the override is invalid: ${issues.map((i) => `${i.field} must be ${i.message}`).join("; ")}`, {
        issues: issues.map((i) => ({ path: i.field, code: i.code, message: i.message })),
      });
    }
    const item: OverrideInput = { date: input.date, kind: input.kind as DayKind, name: input.name || null };
    const { created } = await this.repo.upsertMany([item], source, this.deps.clock.now().toISOString());
    await this.load();
    const override = await this.repo.find(input.date);
    if (!override) throw new DomainError("INTERNAL", "the override vanished after it was written");
    return { override, created: created === 1 };
  }

  /** Removes the override of a date (NOT_FOUND when there is none). */
  async deleteOverride(date: string): Promise<void> {
    toDayNumber(date);
    if (!(await this.repo.delete(date))) throw new DomainError("NOT_FOUND", "there is no override for that date");
    await this.load();
  }

  /** Imports a JSON or CSV overrides file in one transaction: every row, or none (errors by line number). */
  async importOverrides(text: string, format: ImportFormat): Promise<{ imported: number; created: number; updated: number }> {
    const items = parseOverrides(text, format);
    const r = await this.repo.upsertMany(items, "import", this.deps.clock.now().toISOString());
    await this.load();
    return { imported: items.length, ...r };
  }
}

function view(d: CalendarDay): CalendarDayView {
  return { ...d, source: d.source === "base" ? "package" : d.source };
}
