import type { Actor, Tx } from './context.js';
import type { Db, DialectName } from './db/database.js';
import type { EventBus } from './events.js';

export interface UnitOfWorkDeps {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
}

/** One transaction per mutation; its events go out only once it has committed. */
export async function inTransaction<T>(
  deps: UnitOfWorkDeps,
  actor: Actor | null,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const events: Tx['events'] = [];
  const result = await deps.db.transaction().execute((trx) => work({ db: trx, dialect: deps.dialect, actor, events }));
  deps.bus.publish(events);
  return result;
}

/** A read-only view with the same shape, for queries that need an actor but no transaction. */
export function readOnly(deps: UnitOfWorkDeps, actor: Actor | null): Tx {
  return { db: deps.db, dialect: deps.dialect, actor, events: [] };
}
