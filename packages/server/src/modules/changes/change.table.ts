/** The tables the change module owns, composed into `Database` in modules/index.ts. */
export interface ChangeDetailsTable {
  record_id: string;
  type: 'standard' | 'normal' | 'emergency';
  template_id: string | null;
  purpose: string;
  content: string;
  reason: string;
  plan_json: string;
  backout_plan: string;
  test_plan: string;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  /** Hours from raising the change to starting its implementation (the lead-time measure). */
  lead_hours: number | null;
  estimated_cost: number | null;
  estimated_effort_hours: number | null;
  initiator_kind: 'internal' | 'customer';
  initiator_department: string;
  references_json: string;
  risk_score: number | null;
  risk_level: 'low' | 'medium' | 'high' | 'major' | null;
  assessment_json: string;
  override_reason: string;
  /** An emergency implemented before approval: its approval is retrospective. */
  retrospective: number;
  approval_round: number;
  approved_at: string | null;
  verified_at: string | null;
  verified_by: string | null;
  verification_note: string;
  outcome_note: string;
  failure_note: string;
  pir_json: string | null;
  pir_done_at: string | null;
  problem_action_id: string | null;
  notice_sent_at: string | null;
}

export interface ChangeCisTable {
  change_id: string;
  ci_id: string;
}

export interface ChangeServicesTable {
  change_id: string;
  service_id: string;
}

export interface ChangeTasksTable {
  id: string;
  change_id: string;
  seq: number;
  title: string;
  description: string;
  assignee_id: string | null;
  group_id: string | null;
  state: 'open' | 'in_progress' | 'done' | 'cancelled';
  note: string;
  started_at: string | null;
  completed_at: string | null;
  completed_by: string | null;
  created_at: string;
}

export interface ChangeApprovalsTable {
  id: string;
  change_id: string;
  round: number;
  seq: number;
  name: string;
  rule: 'any' | 'all' | 'majority';
  source: string;
  approver_ids_json: string;
  state: 'waiting' | 'pending' | 'approved' | 'rejected' | 'cancelled';
  decided_at: string | null;
  created_at: string;
}

export interface ChangeVotesTable {
  id: string;
  approval_id: string;
  change_id: string;
  voter_id: string;
  vote: 'approve' | 'reject';
  reason: string;
  conditions: string;
  meeting_id: string | null;
  at: string;
}

export interface ChangeRiskQuestionsTable {
  id: string;
  text_zh: string;
  text_en: string;
  weight: number;
  answers_json: string;
  sort: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ChangeTemplatesTable {
  id: string;
  name: string;
  description: string;
  content: string;
  plan_json: string;
  backout_plan: string;
  test_plan: string;
  tasks_json: string;
  risk_level: 'low' | 'medium' | 'high' | 'major';
  service_id: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ChangeWindowsTable {
  id: string;
  name: string;
  kind: 'maintenance' | 'blackout';
  service_id: string | null;
  ci_class_id: string | null;
  starts_at: string;
  ends_at: string;
  recurrence: 'none' | 'daily' | 'weekly' | 'monthly';
  until: string | null;
  reason: string;
  /** `manual`, or `holiday:<calendar id>:<date>` for blackouts derived from the holiday calendar. */
  source: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ChangeApprovalLevelsTable {
  id: string;
  risk_level: 'low' | 'medium' | 'high' | 'major';
  seq: number;
  name: string;
  rule: 'any' | 'all' | 'majority';
  source: 'change_managers' | 'cab' | 'service_owners' | 'users';
  user_ids_json: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ChangeCabMeetingsTable {
  id: string;
  title: string;
  starts_at: string;
  state: 'planned' | 'closed';
  minutes: string;
  created_by: string | null;
  created_at: string;
}

export interface ChangeCabItemsTable {
  meeting_id: string;
  change_id: string;
  seq: number;
  decision: 'approved' | 'rejected' | 'deferred' | null;
  conditions: string;
  votes_json: string;
}

export interface ChangeSettingsTable {
  id: string;
  conflict_depth: number;
  notice_lead_hours: number;
  pir_incident_days: number;
}

export interface ChangeTables {
  change_details: ChangeDetailsTable;
  change_cis: ChangeCisTable;
  change_services: ChangeServicesTable;
  change_tasks: ChangeTasksTable;
  change_approvals: ChangeApprovalsTable;
  change_votes: ChangeVotesTable;
  change_risk_questions: ChangeRiskQuestionsTable;
  change_templates: ChangeTemplatesTable;
  change_windows: ChangeWindowsTable;
  change_approval_levels: ChangeApprovalLevelsTable;
  change_cab_meetings: ChangeCabMeetingsTable;
  change_cab_items: ChangeCabItemsTable;
  change_settings: ChangeSettingsTable;
}
