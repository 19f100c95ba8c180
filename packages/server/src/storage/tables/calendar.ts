/** Tables of the calendar area. */
export interface CalendarTables {
  /** An administrator's explicit day kind for one date, layered over the chinese-days data. */
  calendar_overrides: {
    date: string; // YYYY-MM-DD, the primary key
    kind: string; // holiday | adjusted_workday | workday | weekend
    name: string | null;
    source: string; // api | import
    created_at: string;
    updated_at: string;
  };
}
