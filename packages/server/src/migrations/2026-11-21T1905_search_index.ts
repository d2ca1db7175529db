import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The shared search index. Tokens are computed in TypeScript (platform/search), so PostgreSQL
 * needs no Chinese parser and SQLite no custom tokenizer: FTS5 splits on the spaces we put in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('search_documents')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_documents_pk', ['entity_type', 'entity_id'])
    .execute();
  if (postgres) {
    await sql`alter table search_documents add column tsv tsvector not null default ''::tsvector`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(
      entity_type unindexed, entity_id unindexed, tokens, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_documents').execute();
}
