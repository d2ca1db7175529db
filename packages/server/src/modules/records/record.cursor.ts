import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { DialectName } from '../../platform/db/database.js';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { AppError } from '../../platform/errors.js';

/** Keyset pagination over (created_at, id), newest first; the cursor is opaque to clients. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { createdAt: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('error.validation', {}, [{ path: ['cursor'], message: 'invalid cursor' }]);
}

/**
 * One page of work records, newest first, after the cursor; the query must select
 * `work_records.created_at` and `work_records.id` as `created_at` and `id`.
 */
export async function newestRecordsPage<DB, TB extends keyof DB, O extends { created_at: string; id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ rows: O[]; nextCursor: string | null }> {
  let q = query;
  if (page.cursor) {
    const { createdAt, id } = decodeCursor(page.cursor);
    const createdAtRef = sql.ref('work_records.created_at');
    const idRef = sql.ref('work_records.id');
    q = q.where(
      sql<boolean>`(${createdAtRef} < ${createdAt} or (${createdAtRef} = ${createdAt} and ${idRef} < ${id}))`,
    );
  }
  const rows = await q
    .orderBy(sql.ref('work_records.created_at'), 'desc')
    .orderBy(sql.ref('work_records.id'), 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    rows: items,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/** The list pages' keyword box: a substring of the title, number or description. */
export function recordTextMatches(dialect: DialectName, needle: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(
    ['work_records.title', 'work_records.number', 'work_records.description'].map((column) =>
      containsInsensitive(dialect, sql.ref(column), needle),
    ),
    sql` or `,
  )})`;
}
