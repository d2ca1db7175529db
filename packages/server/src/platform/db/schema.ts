import type { CategoriesTable } from '../../modules/categories/category.table.js';
import type {
  DepartmentsTable,
  GroupMembersTable,
  GroupOrganizationsTable,
  OrganizationsTable,
  SupportGroupsTable,
  UsersTable,
} from '../../modules/directory/directory.table.js';
import type {
  IncidentCollaboratorsTable,
  IncidentDetailsTable,
  IncidentFollowupsTable,
} from '../../modules/incidents/incident.table.js';
import type {
  AttachmentBlobsTable,
  RecordAttachmentsTable,
  RecordLinksTable,
  RecordTimelineTable,
  RecordWatchersTable,
  WorkRecordsTable,
} from '../../modules/records/record.table.js';
import type { ServicesTable } from '../../modules/services/service.table.js';
import type { TimeEntriesTable } from '../../modules/time-tracking/time.table.js';
import type {
  ApiTokensTable,
  AuditEventsTable,
  JobsTable,
  LoginAttemptsTable,
  NumberSequencesTable,
  SessionsTable,
  SettingsTable,
} from '../platform.table.js';

export interface Database {
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  number_sequences: NumberSequencesTable;
  settings: SettingsTable;
  organizations: OrganizationsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  support_groups: SupportGroupsTable;
  group_members: GroupMembersTable;
  group_organizations: GroupOrganizationsTable;
  categories: CategoriesTable;
  work_records: WorkRecordsTable;
  record_timeline: RecordTimelineTable;
  record_attachments: RecordAttachmentsTable;
  attachment_blobs: AttachmentBlobsTable;
  record_watchers: RecordWatchersTable;
  record_links: RecordLinksTable;
  incident_details: IncidentDetailsTable;
  services: ServicesTable;
  incident_collaborators: IncidentCollaboratorsTable;
  incident_followups: IncidentFollowupsTable;
  time_entries: TimeEntriesTable;
}
