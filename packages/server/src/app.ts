import { loadActor } from './modules/directory/index.js';
import { MODULES } from './modules/index.js';
import { type Config, loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { EventBus } from './platform/events.js';
import { buildHttpApp } from './platform/http/app.js';
import { JobRunner } from './platform/jobs.js';
import { declareModules, mountModules } from './platform/module.js';
import type { Trellis } from './platform/trellis.js';
import { bootstrap } from './seed/bootstrap.js';

export type { Trellis };

declareModules(MODULES);

/** Opens the database, applies migrations and builds the HTTP app from the module list; does not listen or run jobs. */
export async function createTrellis(config: Config): Promise<Trellis> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  const bus = new EventBus((err, event) => console.error('event handler failed', event.type, err));
  const jobs = new JobRunner(database.db, database.dialect);
  const app = await buildHttpApp({ config, db: database.db, dialect: database.dialect, bus, jobs, loadActor });
  await mountModules(app, { config, db: database.db, dialect: database.dialect, bus, jobs }, MODULES);
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
