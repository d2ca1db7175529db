export interface SurveysTable {
  id: string;
  name: string;
  kind: 'transactional' | 'periodic';
  is_default: number;
  active: number;
  /** The current version; answers keep the version they answered. */
  version: number;
  /** Transactional only: `{ on, kinds, serviceIds, organizationIds }`. */
  trigger_json: string | null;
  sample_percent: number;
  cooldown_days: number;
  link_days: number;
  created_at: string;
  updated_at: string;
}

export interface SurveyVersionsTable {
  survey_id: string;
  version: number;
  questions_json: string;
  created_by: string | null;
  created_at: string;
}

export interface SurveyCampaignsTable {
  id: string;
  survey_id: string;
  name: string;
  organization_ids_json: string;
  deadline: string;
  reminder_every_days: number;
  state: 'open' | 'closed';
  created_by: string | null;
  created_at: string;
}

/** One person asked once: the invitation, and once answered, the response. */
export interface SurveyResponsesTable {
  id: string;
  survey_id: string;
  version: number;
  campaign_id: string | null;
  person_id: string;
  organization_id: string;
  record_id: string | null;
  service_id: string | null;
  technician_id: string | null;
  group_id: string | null;
  /** signoff: only the sign-off rating so far (no invitation); skipped: sampled out or cooling down. */
  state: 'signoff' | 'invited' | 'answered' | 'expired' | 'skipped';
  invited_at: string | null;
  expires_at: string | null;
  reminders: number;
  reminded_at: string | null;
  answered_at: string | null;
  answered_via: string | null;
  /** The first star question's answer: what follow-ups and the ≥ 4 share read. */
  score: number | null;
  followup_state: 'open' | 'closed' | null;
  followup_owner_id: string | null;
  followup_note: string | null;
  complaint_id: string | null;
  created_at: string;
}

export interface SurveyAnswersTable {
  response_id: string;
  question_id: string;
  question_type: string;
  value_number: number | null;
  /** Free text, or the chosen option ids of a multiple choice as JSON. */
  value_text: string | null;
  answered_at: string;
}

export interface RelationshipSettingsTable {
  key: string;
  value: string;
}

export interface ComplaintDetailsTable {
  record_id: string;
  source: string;
  about: string;
  about_record_id: string | null;
  about_service_id: string | null;
  about_person_id: string | null;
  category: string;
  severity: 'low' | 'medium' | 'high';
  expectation: string;
  investigation: string;
  root_cause: string;
  problem_id: string | null;
  response: string;
  accepted: number | null;
  shared_with_subject: number;
  survey_response_id: string | null;
  /** 0 none, 1 the service manager was called in, 2 the management. */
  escalation: number;
  acknowledge_due_at: string | null;
  respond_due_at: string | null;
  close_due_at: string | null;
  acknowledged_at: string | null;
  responded_at: string | null;
  breached_at: string | null;
  /** Wall-clock hours from receipt to closure, stamped at close (the statistics' time to close). */
  hours_to_close: number | null;
}

export interface ComplaintActionsTable {
  id: string;
  complaint_id: string;
  title: string;
  owner_id: string;
  due_date: string;
  status: 'open' | 'done' | 'cancelled';
  created_at: string;
  completed_at: string | null;
}

export interface CustomerManagersTable {
  user_id: string;
  organization_id: string;
  created_at: string;
}

export interface CustomerContractsTable {
  id: string;
  number: string;
  organization_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  /** [{ serviceId, slaId }]: the services in scope and the SLA agreed for each. */
  services_json: string;
  report_cycle: 'monthly' | 'quarterly' | 'annual';
  contacts_json: string;
  value: number | null;
  currency: string;
  renewal_on: string | null;
  renewal_reminder_days: number;
  /** The renewal date the reminder was sent for (a moved date is reminded again). */
  reminded_for: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ServiceReviewsTable {
  id: string;
  organization_id: string;
  title: string;
  scheduled_on: string;
  cycle: 'monthly' | 'quarterly';
  attendees_json: string;
  agenda: string;
  minutes: string;
  decisions: string;
  actions_json: string;
  change_requests_json: string;
  state: 'scheduled' | 'held' | 'closed';
  created_at: string;
  updated_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface RelationshipTables {
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  survey_campaigns: SurveyCampaignsTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  relationship_settings: RelationshipSettingsTable;
  complaint_details: ComplaintDetailsTable;
  complaint_actions: ComplaintActionsTable;
  customer_managers: CustomerManagersTable;
  customer_contracts: CustomerContractsTable;
  service_reviews: ServiceReviewsTable;
}
