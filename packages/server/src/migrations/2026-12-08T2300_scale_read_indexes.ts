import type { Kysely } from 'kysely';

/**
 * Indexes for the read paths at a million records (npm run bench:scale).
 * - Queue pages read one state at a time newest first (console.queue): with the id in the state
 *   index, the page comes straight off the index without sorting the rows of one timestamp.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('work_records_state_newest_idx')
    .on('work_records')
    .columns(['kind', 'state', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('work_records_state_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('work_records_state_idx')
    .on('work_records')
    .columns(['kind', 'state', 'created_at'])
    .execute();
  await db.schema.dropIndex('work_records_state_newest_idx').execute();
}
