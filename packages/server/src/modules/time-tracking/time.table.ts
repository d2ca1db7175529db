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
