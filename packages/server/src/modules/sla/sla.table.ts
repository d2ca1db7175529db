export interface SlasTable {
  id: string;
  name: string;
  service_id: string | null;
  organization_id: string | null;
  is_default: number;
  /** Record kind → states that pause the clocks, e.g. {"incident":["on_hold"]}. */
  pause_states_json: string;
  /** Warning thresholds in percent of the target, e.g. [75, 90]. */
  thresholds_json: string;
  breach_actions_json: string;
  active: number;
  /** Bumped by every edit; the open records are re-targeted by a job (see `clocks_version`). */
  version: number;
  /** The version the open records were last re-targeted for; behind `version` while the job runs. */
  clocks_version: number;
  created_at: string;
  updated_at: string;
}

export interface SlaTargetsTable {
  sla_id: string;
  level: number;
  response_minutes: number;
  resolution_minutes: number;
  calendar_id: string;
}

export interface OlasTable {
  id: string;
  group_id: string;
  target_minutes: number;
  calendar_id: string;
  active: number;
  created_at: string;
}

export interface SlaClocksTable {
  id: string;
  record_id: string;
  metric: 'response' | 'resolution' | 'ola';
  sla_id: string | null;
  ola_id: string | null;
  group_id: string | null;
  level: number;
  target_minutes: number;
  calendar_id: string;
  started_at: string;
  /** [[from, to|null], …] wall-clock ISO instants. */
  pauses_json: string;
  stopped_at: string | null;
  stop_reason: 'met' | 'cancelled' | 'left_group' | null;
  due_at: string | null;
  /** Business time run, as of the stop or the last recomputation. */
  elapsed_ms: number;
  /** Thresholds already warned, e.g. [75]. */
  warned_json: string;
  breached_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SlaBreachesTable {
  id: string;
  clock_id: string;
  record_id: string;
  metric: string;
  due_at: string;
  breached_at: string;
  reason: string;
  level: number;
  organization_id: string;
  service_id: string | null;
  group_id: string | null;
  sla_id: string | null;
  fired_by: string;
  created_at: string;
}

export interface SlaWarningsTable {
  clock_id: string;
  threshold: number;
  fired_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface SlaTables {
  slas: SlasTable;
  sla_targets: SlaTargetsTable;
  olas: OlasTable;
  sla_clocks: SlaClocksTable;
  sla_breaches: SlaBreachesTable;
  sla_warnings: SlaWarningsTable;
}
