import type * as assetTables from '../../modules/assets/asset.table.js';
import type { CalendarDaysTable, CalendarsTable, CalendarYearsTable } from '../../modules/calendars/calendar.table.js';
import type { CatalogItemOrganizationsTable, CatalogItemsTable } from '../../modules/catalog/catalog.table.js';
import type { CategoriesTable } from '../../modules/categories/category.table.js';
import type * as Channels from '../../modules/channels/channel.table.js';
import type * as cmdbTables from '../../modules/cmdb/cmdb.table.js';
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
import type {
  IncidentCollaboratorsTable,
  IncidentDetailsTable,
  IncidentFollowupsTable,
} from '../../modules/incidents/incident.table.js';
import type * as kb from '../../modules/knowledge/knowledge.table.js';
import type * as prb from '../../modules/problems/problem.table.js';
import type {
  AttachmentBlobsTable,
  RecordAttachmentsTable,
  RecordLinksTable,
  RecordTimelineTable,
  RecordWatchersTable,
  WorkRecordsTable,
} from '../../modules/records/record.table.js';
import type {
  RequestApprovalsTable,
  RequestDetailsTable,
  RequestTasksTable,
} from '../../modules/requests/request.table.js';
import type { ServicesTable } from '../../modules/services/service.table.js';
import type * as Sla from '../../modules/sla/sla.table.js';
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
  calendars: CalendarsTable;
  calendar_days: CalendarDaysTable;
  calendar_years: CalendarYearsTable;
  slas: Sla.SlasTable;
  sla_targets: Sla.SlaTargetsTable;
  olas: Sla.OlasTable;
  suppliers: Sla.SuppliersTable;
  underpinning_contracts: Sla.UnderpinningContractsTable;
  sla_clocks: Sla.SlaClocksTable;
  sla_breaches: Sla.SlaBreachesTable;
  sla_warnings: Sla.SlaWarningsTable;
  catalog_items: CatalogItemsTable;
  catalog_item_organizations: CatalogItemOrganizationsTable;
  request_details: RequestDetailsTable;
  request_approvals: RequestApprovalsTable;
  request_tasks: RequestTasksTable;
  ci_classes: cmdbTables.CiClassesTable;
  cis: cmdbTables.CisTable;
  ci_users: cmdbTables.CiUsersTable;
  ci_unique_values: cmdbTables.CiUniqueValuesTable;
  ci_relations: cmdbTables.CiRelationsTable;
  ci_versions: cmdbTables.CiVersionsTable;
  ci_baselines: cmdbTables.CiBaselinesTable;
  ci_baseline_items: cmdbTables.CiBaselineItemsTable;
  ci_audits: cmdbTables.CiAuditsTable;
  ci_audit_items: cmdbTables.CiAuditItemsTable;
  record_cis: cmdbTables.RecordCisTable;
  assets: assetTables.AssetsTable;
  asset_operations: assetTables.AssetOperationsTable;
  licence_assignments: assetTables.LicenceAssignmentsTable;
  stock_items: assetTables.StockItemsTable;
  stock_levels: assetTables.StockLevelsTable;
  stock_movements: assetTables.StockMovementsTable;
  record_assets: assetTables.RecordAssetsTable;
  kb_articles: kb.KbArticlesTable;
  kb_article_versions: kb.KbArticleVersionsTable;
  kb_article_links: kb.KbArticleLinksTable;
  kb_feedback: kb.KbFeedbackTable;
  kb_suggestion_sessions: kb.KbSuggestionSessionsTable;
  problem_details: prb.ProblemDetailsTable;
  problem_actions: prb.ProblemActionsTable;
  problem_candidates: prb.ProblemCandidatesTable;
  incident_collaborators: IncidentCollaboratorsTable;
  incident_followups: IncidentFollowupsTable;
  time_entries: TimeEntriesTable;
  mailboxes: Channels.MailboxesTable;
  inbound_mails: Channels.InboundMailsTable;
  channel_deliveries: Channels.ChannelDeliveriesTable;
  notification_templates: Channels.NotificationTemplatesTable;
  notification_preferences: Channels.NotificationPreferencesTable;
  im_robots: Channels.ImRobotsTable;
  webhooks: Channels.WebhooksTable;
  channel_integrations: Channels.ChannelIntegrationsTable;
  channel_alerts: Channels.ChannelAlertsTable;
  console_saved_views: ConsoleSavedViewsTable;
  console_canned_replies: ConsoleCannedRepliesTable;
  console_incident_templates: ConsoleIncidentTemplatesTable;
  console_presence: ConsolePresenceTable;
}
