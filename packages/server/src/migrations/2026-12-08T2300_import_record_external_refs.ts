import type { Kysely } from 'kysely';

/**
 * Where an imported record came from: the system it was migrated from and its number there. The
 * pair is unique, so running the same import again finds the record instead of making a second one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_external_refs')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('record_external_refs_unique', ['source', 'external_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_external_refs').execute();
}
