import type { CiRelationType, CiState } from '@trellis/core';

export interface CiClassesTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  attributes_json: string;
  is_service: number;
  builtin: number;
  active: number;
  created_at: string;
}

export interface CisTable {
  id: string;
  class_id: string;
  code: string;
  name: string;
  organization_id: string;
  owner_id: string | null;
  /** A CI of the class "location". */
  location_id: string | null;
  state: CiState;
  attributes_json: string;
  version: number;
  /** Set when the latest write came without an approved change. */
  unauthorized: number;
  created_at: string;
  updated_at: string;
}

export interface CiUsersTable {
  ci_id: string;
  user_id: string;
}

export interface CiUniqueValuesTable {
  class_id: string;
  attr_key: string;
  value: string;
  ci_id: string;
}

export interface CiRelationsTable {
  id: string;
  type: CiRelationType;
  source_id: string;
  target_id: string;
  created_by: string | null;
  created_at: string;
}

export interface CiVersionsTable {
  id: string;
  ci_id: string;
  version: number;
  at: string;
  actor_id: string | null;
  action: string;
  before_json: string;
  after_json: string;
  record_id: string | null;
  change_ref: string | null;
  unauthorized: number;
}

export interface CiBaselinesTable {
  id: string;
  name: string;
  description: string;
  created_by: string | null;
  created_at: string;
}

export interface CiBaselineItemsTable {
  baseline_id: string;
  ci_id: string;
  version: number;
  snapshot_json: string;
}

export interface CiAuditsTable {
  id: string;
  name: string;
  state: 'open' | 'closed';
  created_by: string | null;
  created_at: string;
  closed_at: string | null;
  record_id: string | null;
}

export interface CiAuditItemsTable {
  id: string;
  audit_id: string;
  ci_id: string;
  recorded_json: string;
  observed_json: string | null;
  result: 'pending' | 'match' | 'discrepancy' | 'corrected';
  note: string;
  checked_by: string | null;
  checked_at: string | null;
}

export interface RecordCisTable {
  record_id: string;
  ci_id: string;
  created_by: string | null;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface CmdbTables {
  ci_classes: CiClassesTable;
  cis: CisTable;
  ci_users: CiUsersTable;
  ci_unique_values: CiUniqueValuesTable;
  ci_relations: CiRelationsTable;
  ci_versions: CiVersionsTable;
  ci_baselines: CiBaselinesTable;
  ci_baseline_items: CiBaselineItemsTable;
  ci_audits: CiAuditsTable;
  ci_audit_items: CiAuditItemsTable;
  record_cis: RecordCisTable;
}
