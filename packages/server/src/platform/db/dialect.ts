import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Db, DialectName } from './database.js';

/** Every place where SQLite and PostgreSQL differ is here, and nowhere else. */

/** Case-insensitive substring match; SQLite's LIKE already ignores ASCII case, PostgreSQL needs ILIKE. */
export function containsInsensitive(
  dialect: DialectName,
  column: Expression<string | null>,
  needle: string,
): Expression<SqlBool> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return dialect === 'postgres'
    ? sql<SqlBool>`${column} ILIKE ${pattern} ESCAPE '\\'`
    : sql<SqlBool>`lower(${column}) LIKE lower(${pattern}) ESCAPE '\\'`;
}

/**
 * Rows that concurrent workers must not both take. PostgreSQL skips locked rows;
 * SQLite has one writer at a time, so the surrounding transaction is enough.
 */
export function lockSkippingLocked<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * A row the transaction is about to change: PostgreSQL holds it until commit, so concurrent
 * writers take turns (NO KEY UPDATE still lets other rows reference it); SQLite has one writer.
 */
export function lockForChange<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forNoKeyUpdate() : query;
}

/** A unique or primary-key constraint refused the write, e.g. two requests racing to create the same thing. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export interface ConstraintViolation {
  kind: 'unique' | 'foreign_key' | 'not_null' | 'check';
  /** The column the database names, when it names one (SQLite's foreign-key errors do not). */
  column?: string;
}

const PG_CONSTRAINT: Record<string, ConstraintViolation['kind']> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23502': 'not_null',
  '23514': 'check',
};
const SQLITE_CONSTRAINT: Record<string, ConstraintViolation['kind']> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_CONSTRAINT_CHECK: 'check',
};

/**
 * A constraint the database enforced against a write, with the column it names. The two drivers
 * say it differently: pg gives the SQLSTATE with `column`, `detail` ("Key (service_id)=(…)") or the
 * constraint name; better-sqlite3 a code and a message ("NOT NULL constraint failed: slas.name").
 */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  const e = error as { code?: unknown; column?: unknown; detail?: unknown; constraint?: unknown; table?: unknown };
  if (!e || typeof e.code !== 'string') return null;
  const pgKind = PG_CONSTRAINT[e.code];
  if (pgKind) {
    if (typeof e.column === 'string') return { kind: pgKind, column: e.column };
    const key = typeof e.detail === 'string' ? e.detail.match(/^Key \(([^)]+)\)=/) : null;
    // A composite key names several columns; the last is the one a request varies (e.g. the email of an org's user).
    if (key) return { kind: pgKind, column: key[1]!.split(',').at(-1)!.trim() };
    if (typeof e.constraint === 'string' && typeof e.table === 'string') {
      const named = e.constraint.match(new RegExp(`^${e.table}_(\\w+?)_(check|fkey|key|not_null)$`));
      if (named) return { kind: pgKind, column: named[1] };
    }
    return { kind: pgKind };
  }
  const sqliteKind = SQLITE_CONSTRAINT[e.code];
  if (sqliteKind) {
    const message = String((error as Error).message ?? '');
    const qualified = message.match(/constraint failed: (?:\w+\.)?(\w+)/);
    // CHECK failures name the constraint or its expression: take the first identifier in it.
    if (qualified && sqliteKind !== 'foreign_key') return { kind: sqliteKind, column: qualified[1] };
    return { kind: sqliteKind };
  }
  return null;
}

const LOST_CONNECTION =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

/**
 * The database cannot be reached right now (PostgreSQL restarting, a network cut, SQLite locked
 * beyond its busy timeout): the request may well succeed in a moment, so it is a 503, not a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now).
  if (/^08\d{3}$/.test(code) || ['57P01', '57P02', '57P03'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY'].includes(code)) return true;
  return typeof e.message === 'string' && LOST_CONNECTION.test(e.message);
}

/**
 * Makes transactions that work on the same key take turns until commit, when there is no row yet
 * to lock (the first alert of a fingerprint). PostgreSQL: a transaction-scoped advisory lock on the
 * key's 64-bit hash; SQLite: its single writer already serialises the transactions.
 */
export async function lockKey(db: Db, dialect: DialectName, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}
