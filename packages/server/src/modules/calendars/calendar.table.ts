export interface CalendarsTable {
  id: string;
  name: string;
  time_zone: string;
  /** 1: 7×24. */
  always: number;
  /** Seven arrays (Sunday first) of [startMinute, endMinute] spans. */
  week_json: string;
  /** 'CN': expects mainland China's statutory holidays for every year it is used in. */
  holiday_region: 'CN' | null;
  active: number;
  /** Bumped on every edit, so cached compiled calendars know they are stale. */
  version: number;
  /** The version the open clocks were last recomputed for; behind `version` while the job runs. */
  clocks_version: number;
  created_at: string;
  updated_at: string;
}

export interface CalendarDaysTable {
  calendar_id: string;
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  spans_json: string | null;
  source: 'package' | 'admin' | 'ics' | 'json';
}

/** Years whose holidays and make-up days are present; a year not listed is never guessed. */
export interface CalendarYearsTable {
  calendar_id: string;
  year: number;
  source: string;
  imported_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface CalendarTables {
  calendars: CalendarsTable;
  calendar_days: CalendarDaysTable;
  calendar_years: CalendarYearsTable;
}
