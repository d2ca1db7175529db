import type { Generated } from 'kysely';

/** What an incident adds to the record core: the handling record (事件处理单) and sign-off. */
export interface IncidentDetailsTable {
  record_id: string;
  resolution_cause: string | null;
  resolution_solution: string | null;
  resolved_by: string | null;
  confirmed_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  archived_at: string | null;
  hold_reason: string | null;
  hold_kind: 'requester' | 'supplier' | 'change' | 'other' | null;
  time_spent_minutes: number | null;
  knowledge_ref: string | null;
  ci_changed: Generated<number>;
  auto_confirmed: Generated<number>;
  callback_by: string | null;
  callback_at: string | null;
  callback_note: string | null;
  major: Generated<number>;
  major_at: string | null;
  major_by: string | null;
  merged_into_id: string | null;
  /** When the record reached its current tier; the escalation limit counts from here. */
  stage_started_at: string | null;
  /** The one pending auto-escalation job that may still act; a new stage replaces it. */
  escalation_token: string | null;
  /** The resolution (its resolved_at) whose auto-confirmation reminder went out. */
  auto_confirm_notice_for: string | null;
}

export interface IncidentCollaboratorsTable {
  record_id: string;
  user_id: string;
  invited_by: string | null;
  created_at: string;
}

/** A low rating (≤ 2) the service manager must follow up on. */
export interface IncidentFollowupsTable {
  id: string;
  record_id: string;
  organization_id: string;
  rating: number;
  comment: string | null;
  owner_id: string | null;
  state: 'open' | 'closed';
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
  note: string | null;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface IncidentTables {
  incident_details: IncidentDetailsTable;
  incident_collaborators: IncidentCollaboratorsTable;
  incident_followups: IncidentFollowupsTable;
}
