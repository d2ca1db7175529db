export interface RequestDetailsTable {
  record_id: string;
  item_id: string;
  item_name_zh: string;
  item_name_en: string;
  definition_json: string;
  answers_json: string;
  /** Index of the approval step under way. */
  approval_step: number;
  /** Index of the fulfilment stage under way. */
  task_stage: number;
  delivered_at: string | null;
  delivery_note: string | null;
  accepted_at: string | null;
  rework_reason: string | null;
}

export interface RequestApprovalsTable {
  id: string;
  record_id: string;
  step: number;
  mode: 'all' | 'any';
  source: 'manager' | 'service_owner' | 'user';
  approver_id: string;
  state: 'pending' | 'approved' | 'rejected' | 'skipped';
  comment: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface RequestTasksTable {
  id: string;
  record_id: string;
  stage: number;
  seq: number;
  title_zh: string;
  title_en: string;
  description: string | null;
  group_id: string;
  state: 'waiting' | 'open' | 'done' | 'cancelled';
  note: string | null;
  completed_by: string | null;
  completed_at: string | null;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface RequestTables {
  request_details: RequestDetailsTable;
  request_approvals: RequestApprovalsTable;
  request_tasks: RequestTasksTable;
}
