import { type Kysely, sql } from 'kysely';

/**
 * The desk's incident work: why a record is on hold, the full handling record (事件处理单),
 * auto-confirmation, the callback (回访), major incidents, merges, escalation stages,
 * collaborators and the service manager's follow-ups on low ratings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const columns: [string, string, (c: any) => any][] = [
    ['hold_kind', 'text', (c) => c.check(sql`hold_kind in ('requester', 'supplier', 'change', 'other')`)],
    ['time_spent_minutes', 'integer', (c) => c],
    ['knowledge_ref', 'text', (c) => c],
    ['ci_changed', 'integer', (c) => c.notNull().defaultTo(0)],
    ['auto_confirmed', 'integer', (c) => c.notNull().defaultTo(0)],
    ['callback_by', 'text', (c) => c.references('users.id')],
    ['callback_at', 'text', (c) => c],
    ['callback_note', 'text', (c) => c],
    ['major', 'integer', (c) => c.notNull().defaultTo(0)],
    ['major_at', 'text', (c) => c],
    ['major_by', 'text', (c) => c.references('users.id')],
    ['merged_into_id', 'text', (c) => c.references('work_records.id')],
    ['stage_started_at', 'text', (c) => c],
    ['escalation_token', 'text', (c) => c],
    ['auto_confirm_notice_for', 'text', (c) => c],
  ];
  for (const [name, type, build] of columns) {
    await db.schema.alterTable('incident_details').addColumn(name, sql.raw(type), build).execute();
  }
  await db.schema.createIndex('incident_details_major_idx').on('incident_details').column('major').execute();

  await db.schema
    .createTable('incident_collaborators')
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('invited_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_collaborators_pk', ['record_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('incident_followups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('rating', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('incident_followups_state_idx')
    .on('incident_followups')
    .columns(['state', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_followups').execute();
  await db.schema.dropTable('incident_collaborators').execute();
  await db.schema.dropIndex('incident_details_major_idx').execute();
  for (const name of [
    'auto_confirm_notice_for',
    'escalation_token',
    'stage_started_at',
    'merged_into_id',
    'major_by',
    'major_at',
    'major',
    'callback_note',
    'callback_at',
    'callback_by',
    'auto_confirmed',
    'ci_changed',
    'knowledge_ref',
    'time_spent_minutes',
    'hold_kind',
  ]) {
    await db.schema.alterTable('incident_details').dropColumn(name).execute();
  }
}
