import { z } from "@hono/zod-openapi";
import { DAY_KINDS, MAX_OVERRIDE_NAME, MAX_WORKING_DAYS } from "@pipguard/core";
import { IMPORT_FORMATS } from "../../../calendar/import-overrides.js";

// Dates are checked by core (INVALID_DATE), so every route reports a bad date the same way.
const DateString = z.string().max(32).openapi({ format: "date", example: "2025-09-28", description: "a mainland calendar date, YYYY-MM-DD" });

export const DayKindSchema = z
  .enum(DAY_KINDS)
  .openapi({ description: "workday | weekend | holiday (放假) | adjusted_workday (调休上班: a weekend day worked)" });

export const DueQuerySchema = z.object({
  from: DateString.optional().openapi({ description: "the day of receipt (not counted, Civil Code Art. 201); default today in PIPGUARD_TIMEZONE" }),
  workingDays: z.coerce.number().int().min(0).max(MAX_WORKING_DAYS).openapi({ example: 15, description: "PIPL Art. 50 rights requests: 15" }),
});

export const DueSchema = z
  .object({
    due: z.string().openapi({ example: "2025-10-24" }),
    provisional: z.boolean().openapi({ description: "true when a day was beyond the published holiday data and counted by the weekly rule" }),
    from: z.string(),
    workingDays: z.number().int(),
  })
  .openapi("CalendarDue");
export type Due = z.infer<typeof DueSchema>;

export const DaysQuerySchema = z.object({ from: DateString, to: DateString.openapi({ description: "inclusive; at most 400 days after from" }) });

export const CalendarDaySchema = z
  .object({
    date: z.string(),
    kind: DayKindSchema,
    working: z.boolean(),
    source: z.enum(["package", "override", "weekday-rule"]).openapi({ description: "chinese-days data, an administrator's override, or the weekly rule" }),
    provisional: z.boolean(),
    name: z.string().optional(),
  })
  .openapi("CalendarDay");

export const DaysSchema = z
  .object({ from: z.string(), to: z.string(), knownYears: z.object({ first: z.number().int(), last: z.number().int() }), days: z.array(CalendarDaySchema) })
  .openapi("CalendarDays");

export const OverrideSchema = z
  .object({
    date: z.string(),
    kind: DayKindSchema,
    name: z.string().nullable(),
    source: z.enum(["api", "import"]),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CalendarOverride");

export const PutOverrideSchema = z
  .strictObject({ kind: DayKindSchema, name: z.string().max(MAX_OVERRIDE_NAME).nullable().optional() })
  .openapi("PutCalendarOverride");
export type PutOverride = z.infer<typeof PutOverrideSchema>;

export const ImportOverridesSchema = z
  .strictObject({
    format: z.enum(IMPORT_FORMATS),
    content: z.string().max(1_000_000).openapi({ description: "JSON: an array of {date, kind, name}; CSV: date,kind,name (header optional)" }),
  })
  .openapi("ImportCalendarOverrides");

export const ImportResultSchema = z
  .object({ imported: z.number().int(), created: z.number().int(), updated: z.number().int() })
  .openapi("CalendarImportResult");

export const DateParamsSchema = z.object({ date: DateString });
