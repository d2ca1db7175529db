import { type Kysely, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** Service requests on the shared record core: their details, approvals and fulfilment tasks. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('request_details')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_items.id'))
    .addColumn('item_name_zh', 'text', (c) => c.notNull())
    .addColumn('item_name_en', 'text', (c) => c.notNull())
    // The item's definition as it was when submitted: later edits do not change requests in flight.
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('approval_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('task_stage', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', 'text')
    .addColumn('delivery_note', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('rework_reason', 'text')
    .execute();
  await db.schema.createIndex('request_details_item_idx').on('request_details').column('item_id').execute();

  await db.schema
    .createTable('request_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(oneOf('mode', ['all', 'any'])))
    .addColumn('source', 'text', (c) => c.notNull().check(oneOf('source', ['manager', 'service_owner', 'user'])))
    .addColumn('approver_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(oneOf('state', ['pending', 'approved', 'rejected', 'skipped'])),
    )
    .addColumn('comment', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_approvals_record_idx')
    .on('request_approvals')
    .columns(['record_id', 'step'])
    .execute();
  await db.schema
    .createIndex('request_approvals_approver_idx')
    .on('request_approvals')
    .columns(['approver_id', 'state'])
    .execute();

  await db.schema
    .createTable('request_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('group_id', 'text', (c) => c.notNull().references('support_groups.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['waiting', 'open', 'done', 'cancelled'])))
    .addColumn('note', 'text')
    .addColumn('completed_by', 'text', (c) => c.references('users.id'))
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_tasks_record_idx').on('request_tasks').columns(['record_id', 'stage']).execute();
  await db.schema.createIndex('request_tasks_group_idx').on('request_tasks').columns(['group_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_tasks').execute();
  await db.schema.dropTable('request_approvals').execute();
  await db.schema.dropTable('request_details').execute();
}
