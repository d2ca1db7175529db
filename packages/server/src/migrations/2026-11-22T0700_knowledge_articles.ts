import { type Kysely, sql } from 'kysely';

/** Knowledge articles with versions, links to records, feedback and portal-suggestion events. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kb_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'in_review', 'published', 'retired')`))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('requesters', 'agents', 'group')`))
    .addColumn('audience_group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('tags_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('review_date', 'text')
    .addColumn('review_notified_for', 'text')
    .addColumn('source_record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('kb_articles_state_idx').on('kb_articles').columns(['state']).execute();
  await db.schema.createIndex('kb_articles_review_idx').on('kb_articles').columns(['review_date']).execute();
  await db.schema
    .createTable('kb_article_versions')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('diff_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addPrimaryKeyConstraint('kb_article_versions_pk', ['article_id', 'version'])
    .execute();
  await db.schema
    .createTable('kb_article_links')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id'))
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_article_links_pk', ['article_id', 'record_id'])
    .execute();
  await db.schema.createIndex('kb_article_links_record_idx').on('kb_article_links').columns(['record_id']).execute();
  await db.schema
    .createTable('kb_feedback')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('useful', 'integer', (c) => c.notNull().check(sql`useful in (0, 1)`))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_feedback_pk', ['article_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('kb_suggestion_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('shown_at', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('opened_article_id', 'text', (c) => c.references('kb_articles.id'))
    .addColumn('submitted_record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kb_suggestion_sessions_user_idx')
    .on('kb_suggestion_sessions')
    .columns(['user_id', 'updated_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'kb_suggestion_sessions',
    'kb_feedback',
    'kb_article_links',
    'kb_article_versions',
    'kb_articles',
  ])
    await db.schema.dropTable(table).execute();
}
