import { isIPv6 } from 'node:net';
import { sql } from 'kysely';
import { isoPlus, nowIso } from '../clock.js';
import type { Db } from '../db/database.js';

/**
 * Failed sign-ins, kept in the database so every app instance agrees. Counted under keys:
 * - `email:<address>|src:<source>` one address from one network source: after 2 failures each
 *   further attempt waits a little longer; at the limit that source is locked out of that address;
 * - `src:<source>` every address from one source, against password spraying;
 * - `device:<id>` a known device (a browser that signed in before), which skips the two above.
 * An address is locked for unknown devices only while several sources are locked out of it at
 * once, so one attacker cannot lock its owner out, and the owner's known device always gets through.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  lockMinutes: number;
  /** Forget the count when the last failure is older than this (a lock that ran out always does). */
  windowMinutes?: number;
}

/** Sources locked out of one address at the same time before the address is locked for unknown devices. */
export const DISTRIBUTED_SOURCES = 3;

const normalAddress = (email: string) => email.trim().toLowerCase();

/** IPv4 as is; IPv6 by its /64, since one subscriber holds a whole /64. */
export function sourceOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export const loginKeys = {
  pair: (email: string, source: string) => `email:${normalAddress(email)}|src:${source}`,
  source: (source: string) => `src:${source}`,
  device: (deviceId: string) => `device:${deviceId}`,
};

export async function lockedUntil(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('login_attempts').select(['locked_until']).where('key', '=', key).executeTakeFirst();
  return row?.locked_until && row.locked_until > nowIso() ? row.locked_until : null;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The keys of one address from every source; SQLite has no default LIKE escape, so it is named. */
const pairsOf = (email: string) =>
  sql<boolean>`key like ${`${escapeLike(`email:${normalAddress(email)}|src:`)}%`} escape '\\'`;

/** Until when the address is locked for unknown devices: while enough sources are locked out of it. */
export async function addressLockedUntil(db: Db, email: string): Promise<string | null> {
  const rows = await db
    .selectFrom('login_attempts')
    .select('locked_until')
    .where(pairsOf(email))
    .where('locked_until', '>', nowIso())
    .orderBy('locked_until', 'desc')
    .limit(DISTRIBUTED_SOURCES)
    .execute();
  return rows.length >= DISTRIBUTED_SOURCES ? (rows.at(-1)?.locked_until ?? null) : null;
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
  const lockRanOut = row?.locked_until && row.locked_until <= now;
  const stale =
    policy.windowMinutes !== undefined && row && isoPlus(row.last_failure_at, policy.windowMinutes * 60_000) < now;
  const previous = row && !lockRanOut && !stale ? row.failures : 0;
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

/** Lifts every lock on the address, from every source (an admin's unlock, a password reset, the owner's known device). */
export async function clearAddressLocks(db: Db, email: string): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where((eb) =>
      eb.or([
        pairsOf(email),
        // Counted per address alone before sources were told apart.
        eb('key', '=', `email:${normalAddress(email)}`),
      ]),
    )
    .execute();
}
