/** Tables of the calendar area (filled in by its migration). */
// biome-ignore lint/complexity/noBannedTypes: extended as the area grows
export type CalendarTables = {};
