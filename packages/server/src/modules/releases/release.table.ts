import type { ReleaseType, SiteState, TestEnvironment, TestResult } from '@trellis/core/modules/releases';

/** The tables the release module owns, composed into `Database` in modules/index.ts. */
export interface ReleaseDetailsTable {
  record_id: string;
  type: ReleaseType;
  version: string;
  /** The §9.1.2 plan, one key per item (ReleasePlan). */
  plan_json: string;
  /** The plan's release date, kept as a column for the calendar. */
  release_date: string | null;
  /** CIs that get a new version (and state) when the release succeeds. */
  ci_targets_json: string;
  accepted_at: string | null;
  accepted_by: string | null;
  acceptance_conditions: string;
  acceptance_note: string;
  rework_count: number;
  deployed_at: string | null;
  backout_report: string;
  verified_at: string | null;
  verified_by: string | null;
  verification_note: string;
  outcome: 'success' | 'rolled_back' | null;
  baseline_id: string | null;
  notes_article_id: string | null;
  /** What the success did (CI versions, changes completed, problems moved, what could not be). */
  success_log_json: string;
  review_json: string | null;
  review_done_at: string | null;
  review_incidents: number | null;
}

export interface ReleaseChangesTable {
  release_id: string;
  change_id: string;
}
export interface ReleaseServicesTable {
  release_id: string;
  service_id: string;
}
export interface ReleaseCustomerRepsTable {
  release_id: string;
  user_id: string;
}
export interface ReleaseProblemsTable {
  release_id: string;
  problem_id: string;
  /** `closes`: the release fixes it; `found`: a known error found while testing it. */
  role: 'closes' | 'found';
  test_id: string | null;
}

export interface ReleaseSitesTable {
  id: string;
  release_id: string;
  /** A CI of the class location. */
  location_id: string;
  owner_id: string;
  window_start: string;
  window_end: string;
  activities: string;
  state: SiteState;
  note: string;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
}

export interface ReleaseTestsTable {
  id: string;
  release_id: string;
  test_case: string;
  expected: string;
  actual: string;
  environment: TestEnvironment;
  result: TestResult;
  tester_id: string;
  attachment_ids_json: string;
  at: string;
}

export interface DslItemsTable {
  id: string;
  name: string;
  version: string;
  checksum: string;
  licence: string;
  location: string;
  vendor: string;
  notes: string;
  active: number;
  created_at: string;
}
export interface ReleaseDslItemsTable {
  release_id: string;
  dsl_item_id: string;
}
export interface DslItemCisTable {
  dsl_item_id: string;
  ci_id: string;
}

export interface ReleaseTables {
  release_details: ReleaseDetailsTable;
  release_changes: ReleaseChangesTable;
  release_services: ReleaseServicesTable;
  release_customer_reps: ReleaseCustomerRepsTable;
  release_problems: ReleaseProblemsTable;
  release_sites: ReleaseSitesTable;
  release_tests: ReleaseTestsTable;
  dsl_items: DslItemsTable;
  release_dsl_items: ReleaseDslItemsTable;
  dsl_item_cis: DslItemCisTable;
}
