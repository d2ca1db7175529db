import { assetRoutes } from './modules/assets/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { calendarRoutes, ensureStandardCalendars } from './modules/calendars/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { categoryRoutes } from './modules/categories/index.js';
import { channels } from './modules/channels/index.js';
import { cmdbRoutes } from './modules/cmdb/index.js';
import { consoleRoutes } from './modules/console/index.js';
import { directoryRoutes, loadActor } from './modules/directory/index.js';
import { healthRoutes } from './modules/health.routes.js';
import { incidentRoutes, registerIncidentJobs } from './modules/incidents/index.js';
import { knowledgeRoutes, wireKnowledge } from './modules/knowledge/index.js';
import { liveRoutes } from './modules/live/index.js';
import { problemRoutes, wireProblems } from './modules/problems/index.js';
import { reportRoutes } from './modules/reports/index.js';
import { requestRoutes } from './modules/requests/index.js';
import { searchRoutes } from './modules/search/index.js';
import { serviceRoutes } from './modules/services/index.js';
import { registerSlaJobs, slaRoutes } from './modules/sla/index.js';
import { timeRoutes } from './modules/time-tracking/index.js';
import { purgeExpiredSessions } from './platform/auth/sessions.js';
import { type Config, loadConfig } from './platform/config.js';
import { type DatabaseHandle, openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { EventBus } from './platform/events.js';
import { type App, buildHttpApp } from './platform/http/app.js';
import { JobRunner } from './platform/jobs.js';
import { bootstrap } from './seed/bootstrap.js';

export interface Trellis {
  app: App;
  config: Config;
  database: DatabaseHandle;
  jobs: JobRunner;
  bus: EventBus;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and builds the HTTP app; does not listen or run jobs. */
export async function createTrellis(config: Config): Promise<Trellis> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  const bus = new EventBus((err, event) => console.error('event handler failed', event.type, err));
  const jobs = new JobRunner(database.db, database.dialect);
  const app = await buildHttpApp({ config, db: database.db, dialect: database.dialect, bus, jobs, loadActor });
  for (const routes of [
    healthRoutes,
    authRoutes,
    directoryRoutes,
    categoryRoutes,
    serviceRoutes,
    incidentRoutes,
    catalogRoutes,
    requestRoutes,
    knowledgeRoutes,
    problemRoutes,
    timeRoutes,
    auditRoutes,
    calendarRoutes,
    slaRoutes,
    cmdbRoutes,
    assetRoutes,
    channels,
    consoleRoutes,
    searchRoutes,
    liveRoutes,
    reportRoutes,
  ]) {
    await app.register(routes);
  }
  await ensureStandardCalendars(database.db);
  await registerSlaJobs(jobs, { db: database.db, dialect: database.dialect, bus });
  await jobs.every('sessions.purge_expired', 3_600_000, () => purgeExpiredSessions(database.db));
  await wireKnowledge({ ...database, bus, jobs });
  await wireProblems({ ...database, bus, jobs });
  await registerIncidentJobs(jobs, { db: database.db, dialect: database.dialect, bus });
  return {
    app,
    config,
    database,
    jobs,
    bus,
    async close() {
      await jobs.stop();
      await app.close();
      await database.close();
    },
  };
}

export interface StartOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** demo: load the demo data set on an empty database; minimal: only what is needed to sign in. */
  seed?: 'demo' | 'minimal' | 'none';
  env?: Record<string, string | undefined>;
  webDist?: string;
}

/** Starts a whole Trellis: migrate, seed, serve, run jobs. Used by the CLI and the browser tests. */
export async function startTrellis(options: StartOptions = {}) {
  const config = loadConfig({
    ...(options.env ?? process.env),
    ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
    ...(options.host ? { HOST: options.host } : {}),
    ...(options.dataDir ? { TRELLIS_DATA_DIR: options.dataDir } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...(options.webDist ? { TRELLIS_WEB_DIST: options.webDist } : {}),
    ...(options.seed === 'demo' ? { TRELLIS_DEMO_DATA: 'on' } : options.seed ? { TRELLIS_DEMO_DATA: 'off' } : {}),
  });
  const trellis = await createTrellis(config);
  const seeded = await bootstrap(trellis, { demo: config.demoData });
  const address = await trellis.app.listen({ port: config.port, host: config.host });
  trellis.jobs.start(config.jobPollMs);
  const url = address.replace('[::]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
  return { ...trellis, url, seeded };
}
