import type { Kysely } from 'kysely';

/** Time tracking (工时): minutes per person per record per day. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('time_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('time_entries_record_idx').on('time_entries').column('record_id').execute();
  await db.schema.createIndex('time_entries_user_idx').on('time_entries').columns(['user_id', 'work_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('time_entries').execute();
}
