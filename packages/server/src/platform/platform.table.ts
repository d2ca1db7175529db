export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** A browser that signed in successfully before; id is the hash of its cookie value. */
export interface KnownDevicesTable {
  id: string;
  user_id: string;
  created_at: string;
  last_used_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  organization_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  run_at: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface NumberSequencesTable {
  scope: string;
  value: number;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

/** Platform tables, part of every `Database`. */
export interface PlatformTables {
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  known_devices: KnownDevicesTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  number_sequences: NumberSequencesTable;
  settings: SettingsTable;
}
