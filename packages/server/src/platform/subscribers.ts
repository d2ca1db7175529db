import type { DomainEventType } from '@trellis/core';
import type { DomainEvent } from './context.js';
import type { Db } from './db/database.js';
import { enqueueJob, type JobHandler } from './jobs.js';
import type { ModuleContext } from './module.js';

/** An event as a durable subscriber receives it: what was emitted, and when its transaction ran. */
export interface CommittedEvent<T extends DomainEventType = DomainEventType> extends DomainEvent<T> {
  at: string;
}

/**
 * A durable subscriber: its job row is written inside the transaction that emits the event (an
 * outbox on the `jobs` table), so a crash after commit loses nothing; the job runner hands it the
 * event later, in whichever process claims the job, and retries it when `handle` throws.
 * `handle` may therefore run more than once for one event: make it idempotent.
 */
export interface SubscriberDefinition<T extends DomainEventType = DomainEventType> {
  /** Unique across modules; the job type is `event:<name>`. */
  name: string;
  /** The events it listens to, or 'all': every event of the catalogue, including those of modules added later. */
  on: readonly T[] | 'all';
  /**
   * A cheap check inside the writing transaction (use `db`, which is the transaction): false writes
   * no job. For subscribers that usually have nothing to do (no webhook, no mail server).
   */
  wants?: (db: Db, event: DomainEvent<T>) => boolean | Promise<boolean>;
  handle: (ctx: ModuleContext, event: CommittedEvent<T>) => Promise<unknown>;
  maxAttempts?: number;
}

export function defineSubscriber<const T extends DomainEventType>(
  definition: SubscriberDefinition<T>,
): SubscriberDefinition<T> {
  return definition;
}

const byEvent = new Map<string, SubscriberDefinition[]>();
const byName = new Map<string, SubscriberDefinition>();
const toEveryEvent: SubscriberDefinition[] = [];

export const subscriberJobType = (name: string) => `event:${name}`;

/** Called once per process with every module's subscribers (app.ts, from MODULES). */
export function registerSubscribers(subscribers: readonly SubscriberDefinition[]): void {
  for (const subscriber of subscribers) {
    const known = byName.get(subscriber.name);
    if (known === subscriber) continue;
    if (known) throw new Error(`subscriber ${subscriber.name} defined twice`);
    byName.set(subscriber.name, subscriber);
    if (subscriber.on === 'all') toEveryEvent.push(subscriber);
    else for (const type of subscriber.on) byEvent.set(type, [...(byEvent.get(type) ?? []), subscriber]);
  }
}

export function subscribers(): SubscriberDefinition[] {
  return [...byName.values()];
}

/** The outbox: one job per interested subscriber and event, written with the transaction's `db`. */
export async function enqueueSubscribers(db: Db, events: readonly DomainEvent[], at: string): Promise<void> {
  for (const event of events) {
    for (const subscriber of [...toEveryEvent, ...(byEvent.get(event.type) ?? [])]) {
      if (subscriber.wants && !(await subscriber.wants(db, event))) continue;
      const committed: CommittedEvent = { ...event, at };
      await enqueueJob(db, {
        type: subscriberJobType(subscriber.name),
        payload: committed as unknown as Record<string, unknown>,
        maxAttempts: subscriber.maxAttempts,
      });
    }
  }
}

/** The job handler that runs one subscriber for one event. */
export function subscriberJob(ctx: ModuleContext, subscriber: SubscriberDefinition): JobHandler {
  return async (payload) => {
    await subscriber.handle(ctx, payload as unknown as CommittedEvent);
  };
}
