import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * SQLite: the full-text rows take the rowid of their search_documents row, so updating or removing
 * one document is a rowid lookup rather than a scan of the whole FTS table. Rebuilt from
 * search_documents, which holds the same tokens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`delete from search_fts`.execute(db);
  await sql`insert into search_fts (rowid, entity_type, entity_id, tokens)
    select rowid, entity_type, entity_id, tokens from search_documents`.execute(db);
}

export async function down(): Promise<void> {}
