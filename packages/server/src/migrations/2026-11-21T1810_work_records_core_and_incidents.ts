import { type Kysely, PostgresAdapter, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

export async function up(db: Kysely<any>): Promise<void> {
  const blob = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

  await db.schema
    .createTable('work_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(oneOf('kind', ['incident', 'request', 'problem', 'change', 'release'])),
    )
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull().check(sql`impact between 1 and 4`))
    .addColumn('urgency', 'integer', (c) => c.notNull().check(sql`urgency between 1 and 4`))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 4`))
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('affected_scope', 'text')
    .addColumn('contact', 'text')
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, columns] of [
    ['work_records_queue_idx', ['kind', 'created_at', 'id']],
    ['work_records_state_idx', ['kind', 'state', 'created_at']],
    ['work_records_org_idx', ['organization_id', 'created_at']],
    ['work_records_requester_idx', ['requester_id']],
    ['work_records_assignee_idx', ['assignee_id']],
    ['work_records_group_idx', ['group_id']],
    ['work_records_department_idx', ['department_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('work_records')
      .columns([...columns])
      .execute();
  }

  await db.schema
    .createTable('record_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(oneOf('visibility', ['public', 'internal'])))
    .addColumn('body', 'text')
    .addColumn('data_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('record_timeline_record_idx')
    .on('record_timeline')
    .columns(['record_id', 'at'])
    .execute();

  await db.schema
    .createTable('record_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('record_attachments_record_idx').on('record_attachments').column('record_id').execute();

  await db.schema
    .createTable('attachment_blobs')
    .addColumn('attachment_id', 'text', (c) => c.primaryKey().references('record_attachments.id'))
    .addColumn('content', sql.raw(blob), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('record_watchers')
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_watchers_pk', ['record_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('record_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('to_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(oneOf('kind', ['relates_to', 'duplicates', 'parent_of', 'caused_by'])),
    )
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('record_links_unique', ['from_id', 'to_id', 'kind'])
    .execute();
  await db.schema.createIndex('record_links_to_idx').on('record_links').column('to_id').execute();

  await db.schema
    .createTable('incident_details')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('resolution_cause', 'text')
    .addColumn('resolution_solution', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('rating', 'integer', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('rating_comment', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('hold_reason', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'incident_details',
    'record_links',
    'record_watchers',
    'attachment_blobs',
    'record_attachments',
    'record_timeline',
    'work_records',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
