import type { Kysely } from 'kysely';
import type { Db } from './db/database.js';
import type { Database } from './db/schema.js';
import { AppError } from './errors.js';

// biome-ignore lint/suspicious/noExplicitAny: rows of any referenced table
type AnyRow = Record<string, any>;

/** A field that names a row of another table by its `id`. */
export interface Reference {
  table: keyof Database & string;
  /** Only rows passing this check count (e.g. active users); default: any row. */
  usable?: (row: AnyRow) => boolean;
}

/** One value (or list of values) to check, and where in the request it came from. */
export interface ReferenceCheck extends Reference {
  path: (string | number)[];
  ids: string | readonly string[] | null | undefined;
}

/**
 * Every referenced id must name a usable row; the ones that do not answer one 400 listing each
 * offending field. Checked before the write so a caller's typo never reaches the database as a
 * foreign-key violation (and on SQLite, whose violation does not say which column, is still named).
 * Reading the referenced tables is allowed to every module for reference tables only (decisions/0004).
 */
export async function assertReferences(db: Db, checks: readonly ReferenceCheck[]): Promise<void> {
  const issues: { path: (string | number)[]; message: string; in: 'body' }[] = [];
  for (const check of checks) {
    const ids = [...new Set((Array.isArray(check.ids) ? check.ids : [check.ids]).filter((id): id is string => !!id))];
    if (ids.length === 0) continue;
    const rows = (await (db as unknown as Kysely<AnyRow>)
      .selectFrom(check.table)
      .selectAll()
      .where('id', 'in', ids)
      .execute()) as AnyRow[];
    const found = new Map(rows.map((row) => [String(row.id), row]));
    const missing = ids.filter((id) => {
      const row = found.get(id);
      return !row || (check.usable && !check.usable(row));
    });
    if (missing.length) issues.push({ path: check.path, message: `not found: ${missing.join(', ')}`, in: 'body' });
  }
  if (issues.length) throw new AppError('error.validation', {}, issues);
}

/** The common case: top-level fields of a body, each naming one id or a list of them. */
export function checkReferences(db: Db, input: object, refs: Record<string, Reference>): Promise<void> {
  return assertReferences(
    db,
    Object.entries(refs).map(([field, ref]) => ({
      ...ref,
      path: [field],
      ids: (input as AnyRow)[field] as string | string[] | null | undefined,
    })),
  );
}
