import type { RecordKind } from '@trellis/core';

/** The shared work-record core: incidents today; requests, problems, changes, releases later. */
export interface WorkRecordsTable {
  id: string;
  kind: RecordKind;
  number: string;
  organization_id: string;
  department_id: string | null;
  title: string;
  description: string;
  state: string;
  impact: number;
  urgency: number;
  level: number;
  category_id: string | null;
  service_id: string | null;
  channel: string;
  affected_scope: string | null;
  contact: string | null;
  requester_id: string;
  owner_id: string | null;
  assignee_id: string | null;
  group_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  version: number;
}

export interface RecordTimelineTable {
  id: string;
  record_id: string;
  at: string;
  actor_id: string | null;
  type: string;
  visibility: 'public' | 'internal';
  body: string | null;
  data_json: string;
}

export interface RecordAttachmentsTable {
  id: string;
  record_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  created_at: string;
}

/** Bytes live in the database so that any app instance can serve them. */
export interface AttachmentBlobsTable {
  attachment_id: string;
  content: Buffer;
}

/** A stored file in order: seq 0, 1, … each at most 1 MiB. */
export interface AttachmentChunksTable {
  attachment_id: string;
  seq: number;
  content: Buffer;
}

export interface RecordWatchersTable {
  record_id: string;
  user_id: string;
  created_at: string;
}

export interface RecordLinksTable {
  id: string;
  from_id: string;
  to_id: string;
  kind: 'relates_to' | 'duplicates' | 'parent_of' | 'caused_by';
  created_by: string | null;
  created_at: string;
}

/** Where an imported record came from (`trellis import`): its system and its number there, unique per pair. */
export interface RecordExternalRefsTable {
  record_id: string;
  source: string;
  external_id: string;
  imported_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface RecordTables {
  work_records: WorkRecordsTable;
  record_timeline: RecordTimelineTable;
  record_attachments: RecordAttachmentsTable;
  attachment_blobs: AttachmentBlobsTable;
  attachment_chunks: AttachmentChunksTable;
  record_watchers: RecordWatchersTable;
  record_links: RecordLinksTable;
  record_external_refs: RecordExternalRefsTable;
}
