export interface ProblemDetailsTable {
  record_id: string;
  source: 'agent' | 'detected';
  /** 5 Whys, fishbone and conclusion as one JSON document: edited together, never queried inside. */
  rca_json: string;
  root_cause: string;
  workaround: string | null;
  known_error_at: string | null;
  known_error_article_id: string | null;
  verify_after_days: number;
  verify_at: string | null;
  verification: 'pending' | 'effective' | 'recurred' | null;
  verified_at: string | null;
  verification_note: string | null;
}

export interface ProblemActionsTable {
  id: string;
  problem_id: string;
  kind: 'corrective' | 'preventive';
  title: string;
  owner_id: string;
  due_date: string;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  /** A change request number until change management links records for real. */
  change_ref: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface ProblemCandidatesTable {
  id: string;
  /** The earliest incident of the cluster: a re-run updates the same candidate. */
  fingerprint: string;
  title: string;
  status: 'open' | 'accepted' | 'dismissed';
  score: number;
  incident_ids_json: string;
  evidence_json: string;
  problem_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface ProblemTables {
  problem_details: ProblemDetailsTable;
  problem_actions: ProblemActionsTable;
  problem_candidates: ProblemCandidatesTable;
}
