import { isoPlus, nowIso } from '../clock.js';
import type { Db } from '../db/database.js';

/**
 * Failed sign-ins per account, kept in the database so every app instance agrees.
 * After 2 failures each further attempt waits a little longer; at the limit the
 * account is locked for a while.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  lockMinutes: number;
}

export async function lockedUntil(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('login_attempts').select(['locked_until']).where('key', '=', key).executeTakeFirst();
  return row?.locked_until && row.locked_until > nowIso() ? row.locked_until : null;
}

/** Delay to impose before answering, from the failures so far. */
export async function penaltyDelayMs(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom('login_attempts').select(['failures']).where('key', '=', key).executeTakeFirst();
  const failures = row?.failures ?? 0;
  return failures < 2 ? 0 : Math.min(250 * 2 ** (failures - 2), 4000);
}

export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy): Promise<{ locked: boolean }> {
  const now = nowIso();
  const row = await db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
  // A lock that has run out starts the count again.
  const previous = row && !(row.locked_until && row.locked_until <= now) ? row.failures : 0;
  const failures = previous + 1;
  const locked = failures >= policy.maxFailures;
  const values = {
    failures,
    last_failure_at: now,
    locked_until: locked ? isoPlus(now, policy.lockMinutes * 60_000) : null,
  };
  await db
    .insertInto('login_attempts')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
  return { locked };
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
