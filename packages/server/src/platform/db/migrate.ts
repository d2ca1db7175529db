import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import * as m1800 from '../../migrations/2026-11-21T1800_platform_sessions_audit_jobs_numbering.js';
import * as m1805 from '../../migrations/2026-11-21T1805_directory_organizations_users_groups.js';
import * as m1810 from '../../migrations/2026-11-21T1810_work_records_core_and_incidents.js';
import * as m1900 from '../../migrations/2026-11-21T1900_business_services.js';
import * as m1905 from '../../migrations/2026-11-21T1905_search_index.js';
import * as m0100 from '../../migrations/2026-11-22T0100_incident_desk_tiers_resolution_major.js';
import * as m0101 from '../../migrations/2026-11-22T0101_time_entries.js';
import * as m0200catalog from '../../migrations/2026-11-22T0200_users_manager_and_catalog_items.js';
import * as m0201requests from '../../migrations/2026-11-22T0201_service_requests.js';
import * as m0300 from '../../migrations/2026-11-22T0300_sla_calendars_and_clocks.js';
import * as m0310 from '../../migrations/2026-11-22T0310_calendar_clocks_version.js';
import * as m0400channels from '../../migrations/2026-11-22T0400_channels_mail_robots_webhooks.js';
import * as m20261122T0500 from '../../migrations/2026-11-22T0500_cmdb_classes_items_relations_versions.js';
import * as m20261122T0501 from '../../migrations/2026-11-22T0501_assets_operations_stock_licences.js';
import * as m0600 from '../../migrations/2026-11-22T0600_console_views_replies_presence.js';
import * as m0601 from '../../migrations/2026-11-22T0601_search_fts_rowids.js';
import * as k0700 from '../../migrations/2026-11-22T0700_knowledge_articles.js';
import * as k0701 from '../../migrations/2026-11-22T0701_problems.js';
import type { Db } from './database.js';

/** The one ordered list. Append only; names sort by date. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-21T1800_platform_sessions_audit_jobs_numbering': m1800,
  '2026-11-21T1805_directory_organizations_users_groups': m1805,
  '2026-11-21T1810_work_records_core_and_incidents': m1810,
  '2026-11-21T1900_business_services': m1900,
  '2026-11-21T1905_search_index': m1905,
  '2026-11-22T0300_sla_calendars_and_clocks': m0300,
  '2026-11-22T0200_users_manager_and_catalog_items': m0200catalog,
  '2026-11-22T0201_service_requests': m0201requests,
  '2026-11-22T0500_cmdb_classes_items_relations_versions': m20261122T0500,
  '2026-11-22T0501_assets_operations_stock_licences': m20261122T0501,
  '2026-11-22T0700_knowledge_articles': k0700,
  '2026-11-22T0701_problems': k0701,
  '2026-11-22T0100_incident_desk_tiers_resolution_major': m0100,
  '2026-11-22T0101_time_entries': m0101,
  '2026-11-22T0400_channels_mail_robots_webhooks': m0400channels,
  '2026-11-22T0310_calendar_clocks_version': m0310,
  '2026-11-22T0600_console_views_replies_presence': m0600,
  '2026-11-22T0601_search_fts_rowids': m0601,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export function migrator(db: Db): Migrator {
  return new Migrator({ db, provider });
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** For /readyz: every known migration has been applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
