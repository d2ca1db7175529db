import { DOMAIN_EVENTS, type DomainEventType } from '@trellis/core';
import { nowIso } from './clock.js';
import type { Actor, DomainEvent, Emit, Tx } from './context.js';
import type { Db, DialectName } from './db/database.js';
import type { EventBus } from './events.js';
import { enqueueSubscribers } from './subscribers.js';

export interface UnitOfWorkDeps {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
}

/** Outside production a payload its catalogue schema refuses is a programming error, caught by the tests. */
const CHECK_PAYLOADS = process.env.NODE_ENV !== 'production';

function emitter(events: DomainEvent[]): Emit {
  return ((
    type: DomainEventType,
    options?: { recordId?: string; organizationId?: string | null; payload?: object },
  ) => {
    const payload = (options?.payload ?? {}) as Record<string, unknown>;
    const schema = DOMAIN_EVENTS[type];
    if (!schema) throw new Error(`event ${type} is not in the catalogue (DOMAIN_EVENTS)`);
    if (CHECK_PAYLOADS) {
      const checked = schema.safeParse(payload);
      if (!checked.success) throw new Error(`event ${type}: payload refused by its schema: ${checked.error.message}`);
    }
    events.push({ type, recordId: options?.recordId, organizationId: options?.organizationId, payload });
  }) as Emit;
}

/**
 * One transaction per mutation. Before it commits, the job rows of durable subscribers are written
 * in it (the outbox); once it has committed, the events go to the in-process bus for live screens.
 */
export async function inTransaction<T>(
  deps: UnitOfWorkDeps,
  actor: Actor | null,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const value = await work({ db: trx, dialect: deps.dialect, actor, emit: emitter(events), events });
    if (events.length) await enqueueSubscribers(trx, events, nowIso());
    return value;
  });
  deps.bus.publish(events);
  return result;
}

/** A read-only view with the same shape, for queries that need an actor but no transaction. */
export function readOnly(deps: UnitOfWorkDeps, actor: Actor | null): Tx {
  const emit = (() => {
    throw new Error('a read-only unit of work cannot emit events');
  }) as Emit;
  return { db: deps.db, dialect: deps.dialect, actor, emit, events: [] };
}
