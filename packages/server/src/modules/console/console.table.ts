export interface ConsoleSavedViewsTable {
  id: string;
  owner_id: string;
  /** Shared with this group's members; null: personal. */
  group_id: string | null;
  name: string;
  filters_json: string;
  columns_json: string;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface ConsoleCannedRepliesTable {
  id: string;
  owner_id: string;
  /** 1: every agent may use it. */
  shared: number;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface ConsoleIncidentTemplatesTable {
  id: string;
  name: string;
  title: string;
  description: string;
  category_id: string | null;
  impact: number;
  urgency: number;
  active: number;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface ConsolePresenceTable {
  record_id: string;
  user_id: string;
  mode: 'viewing' | 'editing';
  since: string;
  seen_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface ConsoleTables {
  console_saved_views: ConsoleSavedViewsTable;
  console_canned_replies: ConsoleCannedRepliesTable;
  console_incident_templates: ConsoleIncidentTemplatesTable;
  console_presence: ConsolePresenceTable;
}
