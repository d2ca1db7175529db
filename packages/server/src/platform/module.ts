import { isDomainEventType, isMessageKey } from '@trellis/core';
import type { Config } from './config.js';
import type { Tx } from './context.js';
import type { Dataset } from './datasets.js';
import type { Db, DialectName } from './db/database.js';
import { type ErrorStatusMap, registerErrorStatuses } from './errors.js';
import type { EventBus } from './events.js';
import type { App } from './http/app.js';
import type { JobHandler, JobRunner } from './jobs.js';
import type { PolicyDefinition } from './permissions/registry.js';
import { type AnyRecordKind, type RecordHooks, registerRecordHooks } from './record-kinds.js';
import { type RegisterDefinition, registerRoutes } from './register.js';
import { registerSubscribers, type SubscriberDefinition, subscriberJob, subscriberJobType } from './subscribers.js';

/** What a module's jobs and start-up hooks are given: the shared machinery, never another module's tables. */
export interface ModuleContext {
  config: Config;
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  jobs: JobRunner;
}

export interface JobSpec {
  type: string;
  /** Recurring: re-queued this long after each run. Without it the job runs when something enqueues it. */
  everyMs?: number;
  run: (
    ctx: ModuleContext,
    payload: Record<string, unknown>,
    job: { id: string; attempts: number },
  ) => Promise<unknown>;
}

/** What a module's demo loader is given: the machinery, and a way to write as the demo administrator. */
export interface DemoContext extends ModuleContext {
  /** One transaction as the demo administrator, so the demo's writes carry an actor in the audit trail. */
  asAdmin<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/**
 * One server module: everything the app needs to know to plug it in. `modules/index.ts` lists them,
 * and the app, the error map, the job runner and the `Database` type are driven from that list, so
 * adding a module touches no other shared file.
 *
 * Kits (record kinds, registers, policies, events, datasets) add their own fields here as they land.
 */
export interface ModuleDefinition {
  name: string;
  /** A Fastify plugin with the module's HTTP routes. */
  routes?: (app: App) => Promise<void>;
  jobs?: readonly JobSpec[];
  /** Durable event subscribers (`defineSubscriber`): their jobs are written in the emitting transaction. */
  // biome-ignore lint/suspicious/noExplicitAny: subscribers to any events of the catalogue
  subscribers?: readonly SubscriberDefinition<any>[];
  /** Record kinds the module owns (work records with a life cycle, timeline, clocks and a queue). */
  recordKinds?: readonly AnyRecordKind[];
  /** Hooks the record core calls inside the writing transaction (SLA clocks, the search index). */
  recordHooks?: readonly RecordHooks[];
  /** The module's policies (each also typed into `PolicyRegistry`). */
  // biome-ignore lint/suspicious/noExplicitAny: a list of policies of any action and subject types
  policies?: readonly PolicyDefinition<any, any>[];
  /** Registers (master data without a queue) the module owns; the app mounts their routes. */
  // biome-ignore lint/suspicious/noExplicitAny: registers of any API and input types
  registers?: readonly RegisterDefinition<any, any, any>[];
  /** Datasets the module owns, served by GET /api/v1/reports/:dataset (docs/decisions/datasets.md). */
  datasets?: readonly Dataset[];
  /**
   * The module's events and words from its core file (`@trellis/core/modules/<module>`, made with
   * `defineEvents` and `defineMessages`). Naming them here imports that file before any request runs.
   */
  events?: Readonly<Record<string, unknown>>;
  messages?: { readonly 'zh-CN': Readonly<Record<string, string>>; readonly 'en-US': Readonly<Record<string, string>> };
  /** Error codes the module throws (i18n keys), with their HTTP status. */
  errors?: ErrorStatusMap;
  /**
   * Demo data (`trellis seed --demo`, `npm start` on an empty database), loaded after the core
   * story (people, services, incidents) in list order. Write through the module's own services or
   * registers, never rows of another module's tables.
   */
  demo?: (ctx: DemoContext) => Promise<void>;
  /** Runs once per process after every module's routes are registered and before the app listens. */
  startup?: (ctx: ModuleContext) => Promise<void>;
}

/** Identity at run time; it exists so the manifest is checked against `ModuleDefinition` where it is written. */
export function defineModule<const M extends ModuleDefinition>(module: M): M {
  return module;
}

/**
 * What the modules declare for the whole process: error statuses, record hooks, durable
 * subscribers. Once per process, before any request or job runs. A kit that adds a manifest
 * field consumes it here or in `mountModules`, so `app.ts` never changes for a new kit.
 */
export function declareModules(modules: readonly ModuleDefinition[]): void {
  for (const module of modules) {
    for (const name of Object.keys(module.events ?? {}))
      if (!isDomainEventType(name)) throw new Error(`${module.name}: event ${name} is not in the catalogue`);
    for (const key of Object.keys(module.messages?.['zh-CN'] ?? {}))
      if (!isMessageKey(key)) throw new Error(`${module.name}: message ${key} is not in the catalogue`);
    if (module.errors) registerErrorStatuses(module.errors);
    for (const hooks of module.recordHooks ?? []) registerRecordHooks(hooks);
  }
  registerSubscribers(modules.flatMap((module) => module.subscribers ?? []));
}

/** Each module's routes and registers on the app, then its jobs and start-up hook, in list order. */
export async function mountModules(app: App, ctx: ModuleContext, modules: readonly ModuleDefinition[]): Promise<void> {
  for (const module of modules) {
    if (module.routes) await app.register(module.routes);
    for (const register of module.registers ?? []) await app.register(registerRoutes(register));
  }
  for (const module of modules) {
    await registerModuleJobs(ctx, module);
    await module.startup?.(ctx);
  }
}

/** Registers a module's jobs on the runner: plain handlers, and recurring ones with their first run queued. */
async function registerModuleJobs(ctx: ModuleContext, module: ModuleDefinition): Promise<void> {
  for (const spec of module.jobs ?? []) {
    const handler: JobHandler = async (payload, job) => {
      await spec.run(ctx, payload, job);
    };
    if (spec.everyMs === undefined) ctx.jobs.register(spec.type, handler);
    else await ctx.jobs.every(spec.type, spec.everyMs, handler);
  }
  for (const subscriber of module.subscribers ?? [])
    ctx.jobs.register(subscriberJobType(subscriber.name), subscriberJob(ctx, subscriber));
}

/** Each module's demo data, in list order. */
export async function loadModuleDemos(ctx: DemoContext, modules: readonly ModuleDefinition[]): Promise<void> {
  for (const module of modules) await module.demo?.(ctx);
}
