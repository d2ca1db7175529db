import { type Kysely, sql } from 'kysely';

/**
 * The agent console: saved queue views (personal or shared with a group), canned replies,
 * incident templates, and who is looking at a record (presence lives in the database so every
 * app process sees the same people).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters_json', 'text', (c) => c.notNull())
    .addColumn('columns_json', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_saved_views_owner_idx').on('console_saved_views').column('owner_id').execute();
  await db.schema.createIndex('console_saved_views_group_idx').on('console_saved_views').column('group_id').execute();

  await db.schema
    .createTable('console_canned_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0).check(sql`shared in (0, 1)`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('console_canned_replies_owner_idx')
    .on('console_canned_replies')
    .column('owner_id')
    .execute();

  await db.schema
    .createTable('console_incident_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('impact', 'integer', (c) => c.notNull().check(sql`impact between 1 and 4`))
    .addColumn('urgency', 'integer', (c) => c.notNull().check(sql`urgency between 1 and 4`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('console_presence')
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('viewing', 'editing')`))
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('console_presence_pk', ['record_id', 'user_id'])
    .execute();
  await db.schema.createIndex('console_presence_seen_idx').on('console_presence').column('seen_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['console_presence', 'console_incident_templates', 'console_canned_replies', 'console_saved_views']) {
    await db.schema.dropTable(t).execute();
  }
}
