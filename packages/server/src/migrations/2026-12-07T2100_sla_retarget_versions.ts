import type { Kysely } from 'kysely';

/**
 * SLA edits re-target the open records in a job, as calendar edits recompute their clocks: each
 * edit bumps `version`, the job advances `clocks_version`, and the page shows the difference.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('slas')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('slas')
    .addColumn('clocks_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(): Promise<void> {}
