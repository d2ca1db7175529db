import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import type { EventBus } from './events.js';
import type { App } from './http/app.js';
import type { JobRunner } from './jobs.js';

/** A running Trellis: what start-up hands to the CLI, the tests and the benchmarks. */
export interface Trellis {
  app: App;
  config: Config;
  database: DatabaseHandle;
  jobs: JobRunner;
  bus: EventBus;
  close(): Promise<void>;
}
