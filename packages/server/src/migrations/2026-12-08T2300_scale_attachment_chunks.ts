import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Attachments are stored in pieces of at most 1 MiB, written and read one at a time, so a large file
 * never has to sit whole in the server's memory (nor, on PostgreSQL, twice over as a hex parameter).
 * Files stored before stay in attachment_blobs and are still served from there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const blob = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('attachment_chunks')
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('record_attachments.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('content', sql.raw(blob), (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['attachment_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachment_chunks').execute();
}
