/**
 * The one list of server modules. The app, the error map, the job runner and the `Database` type
 * are driven from here: adding a module is one import, one entry in MODULES and, if it owns
 * tables, one name in ModuleTables.
 *
 * Manifests live in `<module>.module.ts` files that nothing but this list imports, so a module's
 * own imports (which may run in cycles through other modules' index files) never meet a
 * half-built manifest.
 */
import type { ModuleDefinition } from '../platform/module.js';
import type { AssetTables } from './assets/asset.table.js';
import { assetsModule } from './assets/assets.module.js';
import { auditModule } from './audit/audit.module.js';
import { authModule } from './auth/auth.module.js';
import type { CalendarTables } from './calendars/calendar.table.js';
import { calendarsModule } from './calendars/calendars.module.js';
import { catalogModule } from './catalog/catalog.module.js';
import type { CatalogTables } from './catalog/catalog.table.js';
import { categoriesModule } from './categories/categories.module.js';
import type { CategoryTables } from './categories/category.table.js';
import type { ChangeTables } from './changes/change.table.js';
import { changesModule } from './changes/changes.module.js';
import type { ChannelTables } from './channels/channel.table.js';
import { channelsModule } from './channels/channels.module.js';
import { cmdbModule } from './cmdb/cmdb.module.js';
import type { CmdbTables } from './cmdb/cmdb.table.js';
import { consoleModule } from './console/console.module.js';
import type { ConsoleTables } from './console/console.table.js';
import { directoryModule } from './directory/directory.module.js';
import type { DirectoryTables } from './directory/directory.table.js';
import { healthModule } from './health/health.module.js';
import type { IncidentTables } from './incidents/incident.table.js';
import { incidentsModule } from './incidents/incidents.module.js';
import { knowledgeModule } from './knowledge/knowledge.module.js';
import type { KnowledgeTables } from './knowledge/knowledge.table.js';
import { liveModule } from './live/live.module.js';
import { migrationModule } from './migration/migration.module.js';
import type { ProblemTables } from './problems/problem.table.js';
import { problemsModule } from './problems/problems.module.js';
import type { RecordTables } from './records/record.table.js';
import { recordsModule } from './records/records.module.js';
import { relationshipModule } from './relationship/relationship.module.js';
import type { RelationshipTables } from './relationship/relationship.table.js';
import type { ReleaseTables } from './releases/release.table.js';
import { releasesModule } from './releases/releases.module.js';
import { reportsModule } from './reports/reports.module.js';
import type { RequestTables } from './requests/request.table.js';
import { requestsModule } from './requests/requests.module.js';
import { searchModule } from './search/search.module.js';
import type { ServiceTables } from './services/service.table.js';
import { servicesModule } from './services/services.module.js';
import { slaModule } from './sla/sla.module.js';
import type { SlaTables } from './sla/sla.table.js';
import type { SupplierTables } from './suppliers/supplier.table.js';
import { suppliersModule } from './suppliers/suppliers.module.js';
import type { TimeTables } from './time-tracking/time.table.js';
import { timeTrackingModule } from './time-tracking/time-tracking.module.js';

/** In start-up order: a module's start-up may rely on those before it (calendars before SLA). */
export const MODULES: readonly ModuleDefinition[] = [
  healthModule,
  authModule,
  directoryModule,
  categoriesModule,
  servicesModule,
  recordsModule,
  incidentsModule,
  catalogModule,
  requestsModule,
  knowledgeModule,
  problemsModule,
  timeTrackingModule,
  auditModule,
  calendarsModule,
  slaModule,
  suppliersModule,
  cmdbModule,
  assetsModule,
  changesModule,
  releasesModule,
  channelsModule,
  consoleModule,
  searchModule,
  liveModule,
  reportsModule,
  migrationModule,
  relationshipModule,
];

export interface ModuleTables
  extends DirectoryTables,
    CategoryTables,
    ServiceTables,
    RecordTables,
    IncidentTables,
    CatalogTables,
    RequestTables,
    KnowledgeTables,
    ProblemTables,
    TimeTables,
    CalendarTables,
    SlaTables,
    SupplierTables,
    CmdbTables,
    AssetTables,
    ChannelTables,
    ConsoleTables,
    ChangeTables,
    RelationshipTables,
    ReleaseTables {}
