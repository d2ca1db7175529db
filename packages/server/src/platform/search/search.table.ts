import type { ColumnType } from 'kysely';

/** The shared search index; see platform/search/search.ts. */
export interface SearchDocumentsTable {
  entity_type: string;
  entity_id: string;
  organization_id: string | null;
  title: string;
  /** Space-separated tokens, as indexed. */
  tokens: string;
  updated_at: string;
  /** PostgreSQL only: the tokens as a tsvector. Written with a cast, never read. */
  tsv: ColumnType<never, unknown, unknown>;
}

/** Platform tables, part of every `Database`. */
export interface SearchTables {
  search_documents: SearchDocumentsTable;
}
