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

/**
 * Makes transactions that work on the same key take turns until commit, when there is no row yet
 * to lock (the first alert of a fingerprint). PostgreSQL: a transaction-scoped advisory lock on the
 * key's 64-bit hash; SQLite: its single writer already serialises the transactions.
 */
export async function lockKey(db: Db, dialect: DialectName, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}
