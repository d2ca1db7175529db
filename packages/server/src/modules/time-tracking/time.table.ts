export interface TimeEntriesTable {
  id: string;
  record_id: string;
  user_id: string;
  minutes: number;
  /** YYYY-MM-DD, the day the work was done */
  work_date: string;
  note: string | null;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface TimeTables {
  time_entries: TimeEntriesTable;
}
