import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Indexes for the read paths at a million records (npm run bench:scale).
 * - Queue pages read one state at a time newest first (console.queue): with the id in the state
 *   index, the page comes straight off the index without sorting the rows of one timestamp.
 * - PostgreSQL search ranks the newest matches of a query (ids are time-ordered): for a word in a
 *   fifth of the records, walking the ids newest first stops after a few thousand rows, where the
 *   GIN index hands over every match to be sorted (a parallel scan of the whole index table at
 *   420,000 records: 866 ms, against 68 ms, under load). The planner keeps GIN for rare words.
 *   SQLite's FTS5 already reads its matches newest first by rowid.
 * - PostgreSQL reports over a period (SLA report, datasets by created date) range-scan the records
 *   created in it instead of reading the whole table (monthly SLA report at 420,000 records: 6.3 s
 *   to about 1 s under load); SQLite already skip-scans the (kind, created_at) queue index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema
      .createIndex('search_documents_newest_idx')
      .ifNotExists()
      .on('search_documents')
      .column('entity_id')
      .execute();
    await db.schema
      .createIndex('work_records_created_idx')
      .ifNotExists()
      .on('work_records')
      .column('created_at')
      .execute();
  }
  await db.schema
    .createIndex('work_records_state_newest_idx')
    .ifNotExists()
    .on('work_records')
    .columns(['kind', 'state', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('work_records_state_idx').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.dropIndex('search_documents_newest_idx').execute();
    await db.schema.dropIndex('work_records_created_idx').execute();
  }
  await db.schema
    .createIndex('work_records_state_idx')
    .on('work_records')
    .columns(['kind', 'state', 'created_at'])
    .execute();
  await db.schema.dropIndex('work_records_state_newest_idx').execute();
}
