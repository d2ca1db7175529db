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
  return pageOf(await pageRows(query, page), page.limit);
}

/**
 * The same page over the union of several queries, e.g. one per state of a queue tab. A filter on
 * several states cannot walk one index in date order: the database reads every row of those states
 * and sorts them (950,000 for "done" at a million records), or walks all records newest first
 * until it finds enough (the whole table when a tab holds fewer than a page, as "mine" does).
 * One query per state walks its own (kind, state, created_at) index newest first and stops after a
 * page; merging a few pages costs nothing.
 */
export async function newestRecordsPageOfEach<DB, TB extends keyof DB, O extends { created_at: string; id: string }>(
  queries: SelectQueryBuilder<DB, TB, O>[],
  page: { cursor?: string | undefined; limit: number },
): Promise<{ rows: O[]; nextCursor: string | null }> {
  if (queries.length === 1) return newestRecordsPage(queries[0]!, page);
  const pages = await Promise.all(queries.map((q) => pageRows(q, page)));
  const rows = pages
    .flat()
    .sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.created_at < b.created_at ? 1 : -1,
    );
  return pageOf(rows, page.limit);
}

async function pageRows<DB, TB extends keyof DB, O extends { created_at: string; id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: { cursor?: string | undefined; limit: number },
): Promise<O[]> {
  let q = query;
  if (page.cursor) {
    const { createdAt, id } = decodeCursor(page.cursor);
    const createdAtRef = sql.ref('work_records.created_at');
    const idRef = sql.ref('work_records.id');
    q = q.where(
      sql<boolean>`(${createdAtRef} < ${createdAt} or (${createdAtRef} = ${createdAt} and ${idRef} < ${id}))`,
    );
  }
  return q
    .orderBy(sql.ref('work_records.created_at'), 'desc')
    .orderBy(sql.ref('work_records.id'), 'desc')
    .limit(page.limit + 1)
    .execute();
}

function pageOf<O extends { created_at: string; id: string }>(rows: O[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    rows: items,
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
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
