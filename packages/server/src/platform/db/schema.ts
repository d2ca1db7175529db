import type { CategoriesTable } from '../../modules/categories/category.table.js';
import type {
  ConsoleCannedRepliesTable,
  ConsoleIncidentTemplatesTable,
  ConsolePresenceTable,
  ConsoleSavedViewsTable,
} from '../../modules/console/console.table.js';
import type {
  DepartmentsTable,
  GroupMembersTable,
  GroupOrganizationsTable,
  OrganizationsTable,
  SupportGroupsTable,
  UsersTable,
} from '../../modules/directory/directory.table.js';
import type { IncidentDetailsTable } from '../../modules/incidents/incident.table.js';
import type {
  AttachmentBlobsTable,
  RecordAttachmentsTable,
  RecordLinksTable,
  RecordTimelineTable,
  RecordWatchersTable,
  WorkRecordsTable,
} from '../../modules/records/record.table.js';
import type { ServicesTable } from '../../modules/services/service.table.js';
import type {
  ApiTokensTable,
  AuditEventsTable,
  JobsTable,
  LoginAttemptsTable,
  NumberSequencesTable,
  SessionsTable,
  SettingsTable,
} from '../platform.table.js';
import type { SearchDocumentsTable } from '../search/search.table.js';

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
  search_documents: SearchDocumentsTable;
  console_saved_views: ConsoleSavedViewsTable;
  console_canned_replies: ConsoleCannedRepliesTable;
  console_incident_templates: ConsoleIncidentTemplatesTable;
  console_presence: ConsolePresenceTable;
}
