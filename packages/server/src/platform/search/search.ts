import { type AliasedRawBuilder, CompiledQuery, sql } from 'kysely';
import { nowIso } from '../clock.js';
import { insertRows } from '../db/bulk.js';
import type { Db, DialectName } from '../db/database.js';
import { documentTokens, queryTokens, type Tokens } from './tokenize.js';

/**
 * One search index for every kind of thing (records, articles, CIs…): SQLite keeps the tokens in
 * an FTS5 table, PostgreSQL in a tsvector built from the same tokens. Neither database's own
 * word-splitting is used, so both find and rank the same hits.
 */

interface Handle {
  db: Db;
  dialect: DialectName;
}

export interface SearchDocument {
  entityType: string;
  entityId: string;
  organizationId: string | null;
  title: string;
  /** Everything searchable; the title is weighted by repeating it. */
  body: string;
}

export interface SearchHit {
  entity_type: string;
  entity_id: string;
  /** Higher is better, comparable only within one query. */
  score: number;
}

/** Bounds the index size of one document; a pasted log does not need 100,000 tokens. */
const MAX_TOKENS = 4000;
/** PostgreSQL positions stop at 16383. */
const MAX_POSITION = 16383;

export async function indexDocument({ db, dialect }: Handle, doc: SearchDocument): Promise<void> {
  // The title counts twice, so a hit in the title outranks one in a long description.
  const tokens = documentTokens(`${doc.title}\n${doc.title}\n${doc.body}`).slice(0, MAX_TOKENS);
  const row = {
    entity_type: doc.entityType,
    entity_id: doc.entityId,
    organization_id: doc.organizationId,
    title: doc.title,
    tokens: tokens.join(' '),
    updated_at: nowIso(),
  };
  if (dialect === 'postgres') {
    await db
      .insertInto('search_documents')
      .values({ ...row, tsv: sql`${tsvectorLiteral(tokens)}::tsvector` })
      .onConflict((oc) =>
        oc.columns(['entity_type', 'entity_id']).doUpdateSet({
          organization_id: row.organization_id,
          title: row.title,
          tokens: row.tokens,
          updated_at: row.updated_at,
          tsv: sql`${tsvectorLiteral(tokens)}::tsvector`,
        }),
      )
      .execute();
    return;
  }
  await db
    .insertInto('search_documents')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['entity_type', 'entity_id']).doUpdateSet({
        organization_id: row.organization_id,
        title: row.title,
        tokens: row.tokens,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  // FTS5 finds rows only by rowid or MATCH: keyed on the document's rowid, a rewrite touches one
  // row instead of scanning the whole index for the entity's unindexed columns.
  const rowid = await documentRowid(db, doc.entityType, doc.entityId);
  await sql`delete from search_fts where rowid = ${rowid}`.execute(db);
  await sql`insert into search_fts (rowid, entity_type, entity_id, tokens)
    values (${rowid}, ${doc.entityType}, ${doc.entityId}, ${row.tokens})`.execute(db);
}

/**
 * Indexes many new documents of one entity type at once (a bulk import): the same tokens as
 * `indexDocument`, written with a few multi-row statements. The documents must not be indexed yet.
 */
export async function indexDocuments({ db, dialect }: Handle, docs: readonly SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  const now = nowIso();
  const rows = docs.map((doc) => {
    const tokens = documentTokens(`${doc.title}\n${doc.title}\n${doc.body}`).slice(0, MAX_TOKENS);
    return {
      entity_type: doc.entityType,
      entity_id: doc.entityId,
      organization_id: doc.organizationId,
      title: doc.title,
      tokens,
      updated_at: now,
    };
  });
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    // PostgreSQL reads the tsvector from its literal text, as the column's type asks.
    await insertRows(
      db,
      dialect,
      'search_documents',
      chunk.map((r) => ({
        ...r,
        tokens: r.tokens.join(' '),
        ...(dialect === 'postgres' ? { tsv: tsvectorLiteral(r.tokens) as never } : {}),
      })),
    );
    if (dialect === 'postgres') continue;
    // FTS rows take their document's rowid (see indexDocument), read back in one query.
    const { rows: ids } = await sql<{ rowid: number; entity_id: string }>`select rowid, entity_id
      from search_documents where entity_type = ${chunk[0]!.entity_type}
      and entity_id in (${sql.join(chunk.map((r) => r.entity_id))})`.execute(db);
    const rowids = new Map(ids.map((r) => [r.entity_id, r.rowid]));
    const fts = chunk.map((r) => [rowids.get(r.entity_id), r.entity_type, r.entity_id, r.tokens.join(' ')]);
    for (let j = 0; j < fts.length; j += 2000) {
      const part = fts.slice(j, j + 2000);
      await db.executeQuery(
        CompiledQuery.raw(
          `insert into search_fts (rowid, entity_type, entity_id, tokens) values ${part.map(() => '(?, ?, ?, ?)').join(', ')}`,
          part.flat(),
        ),
      );
    }
  }
}

async function documentRowid(db: Db, entityType: string, entityId: string): Promise<number | undefined> {
  const { rows } = await sql<{ rowid: number }>`select rowid from search_documents
    where entity_type = ${entityType} and entity_id = ${entityId}`.execute(db);
  return rows[0]?.rowid;
}

export async function removeDocument({ db, dialect }: Handle, entityType: string, entityId: string): Promise<void> {
  if (dialect === 'sqlite') {
    const rowid = await documentRowid(db, entityType, entityId);
    if (rowid !== undefined) await sql`delete from search_fts where rowid = ${rowid}`.execute(db);
  }
  await db
    .deleteFrom('search_documents')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute();
}

export interface HitOptions {
  /** Only documents of these organisations; omitted or null: any organisation. */
  organizationIds?: readonly string[] | null;
  /**
   * Rank only the newest this-many matching documents. Ranking costs time per match, so a word
   * found in a fifth of a large index would otherwise be ranked 20,000 times for one page.
   */
  candidates?: number;
}

/**
 * The hits for a query as a derived table `hits(entity_type, entity_id, score)`, to be joined with
 * the caller's own table and visibility rules; null when the query holds nothing searchable.
 * Latin words must all match; Chinese tokens rank (any may match), so "VPN 连不上" finds a record
 * titled "VPN 连接失败" and ranks one that also says 连不上 higher.
 */
export function searchHits(
  { dialect }: Handle,
  query: string,
  entityTypes: readonly string[],
  options: HitOptions = {},
): AliasedRawBuilder<SearchHit, 'hits'> | null {
  const tokens = queryTokens(query);
  if (tokens.words.length === 0 && tokens.han.length === 0) return null;
  const types = sql.join(entityTypes.map((t) => sql`${t}`));
  const orgs = options.organizationIds;
  if (orgs && orgs.length === 0) return emptyHits(dialect);
  const inOrgs = (column: string) =>
    orgs ? sql`and ${sql.ref(column)} in (${sql.join(orgs.map((o) => sql`${o}`))})` : sql``;
  const newest = (column: string, candidates = options.candidates) =>
    candidates ? sql`order by ${sql.ref(column)} desc limit ${candidates}` : sql``;
  // With a bound on candidates, the documents holding every term of the query (all its words and
  // every pair of its Chinese text) are candidates of their own: among the newest matches of any
  // term, a rare record holding all of them could be crowded out by thousands of newer records
  // sharing one common term. They rank above the partial matches.
  const exact = options.candidates && tokens.han.length > 0 ? allTermsOf(tokens) : null;
  // A quarter as many: when hundreds of documents hold every term, the newest of them are enough.
  const exactCandidates = Math.ceil((options.candidates ?? 0) / 4);
  if (dialect === 'postgres') {
    // Ids are time-ordered (UUIDv7), so the newest matches come first without another column.
    const pgHits = (query: string, boost: number) => sql`(select c.entity_type, c.entity_id,
      ts_rank(c.tsv, c.query) + ${sql.lit(boost)} as score from (
      select d.entity_type, d.entity_id, d.tsv, q.query
      from search_documents d, (select ${query}::tsquery as query) q
      where d.tsv @@ q.query and d.entity_type in (${types}) ${inOrgs('d.organization_id')}
      ${newest('d.entity_id', boost ? exactCandidates : undefined)}) c)`;
    if (!exact) return sql<SearchHit>`${pgHits(tsqueryLiteral(tokens), 0)}`.as('hits');
    return sql<SearchHit>`(select u.entity_type, u.entity_id, max(u.score) as score from (
      ${pgHits(tsqueryLiteral(exact), EXACT_BOOST)} union all ${pgHits(tsqueryLiteral(tokens), 0)}) u
      group by u.entity_type, u.entity_id)`.as('hits');
  }
  // FTS rows share their search_documents rowid, so the organisation is one rowid lookup away.
  const join = orgs ? sql`join search_documents d on d.rowid = f.rowid` : sql``;
  const ftsHits = (match: string, boost: number) => sql`select * from (select f.entity_type, f.entity_id,
      -bm25(search_fts) + ${sql.lit(boost)} as score
      from search_fts f ${join} where search_fts match ${match} and f.entity_type in (${types})
      ${inOrgs('d.organization_id')} ${newest('f.rowid', boost ? exactCandidates : undefined)})`;
  if (!exact) return sql<SearchHit>`(${ftsHits(ftsMatch(tokens), 0)})`.as('hits');
  return sql<SearchHit>`(select u.entity_type, u.entity_id, max(u.score) as score from (
      ${ftsHits(ftsMatch(exact), EXACT_BOOST)} union all ${ftsHits(ftsMatch(tokens), 0)}) u
      group by u.entity_type, u.entity_id)`.as('hits');
}

/** Added to the score of a document holding every term: above any partial match's bm25 or ts_rank. */
const EXACT_BOOST = 1000;

/**
 * The query as terms that must all match: its words, and the pairs (or lone characters) of its
 * Chinese text, which any document containing that text holds; jieba's longer words are left out,
 * since a longer run around them may segment differently.
 */
function allTermsOf({ words, han }: Tokens): Tokens {
  return { words: [...words, ...han.filter((t) => t.length <= 2)], han: [] };
}

/** Matching entity ids only, unranked: for filters that order by something else (a queue by date). */
export function searchMatches(
  { dialect }: Handle,
  query: string,
  entityTypes: readonly string[],
  options: { newest?: number } = {},
) {
  const tokens = queryTokens(query);
  if (tokens.words.length === 0 && tokens.han.length === 0) return null;
  const types = sql.join(entityTypes.map((t) => sql`${t}`));
  if (dialect === 'postgres') {
    return sql<{ entity_id: string }>`(select d.entity_id from search_documents d
      where d.tsv @@ ${tsqueryLiteral(tokens)}::tsquery and d.entity_type in (${types})
      ${options.newest ? sql`order by d.entity_id desc limit ${options.newest}` : sql``})`.as('matches');
  }
  return sql<{ entity_id: string }>`(select entity_id from search_fts
      where search_fts match ${ftsMatch(tokens)} and entity_type in (${types})
      ${options.newest ? sql`order by rowid desc limit ${options.newest}` : sql``})`.as('matches');
}

const emptyHits = (dialect: DialectName) =>
  (dialect === 'postgres'
    ? sql<SearchHit>`(select ''::text as entity_type, ''::text as entity_id, 0::real as score where false)`
    : sql<SearchHit>`(select '' as entity_type, '' as entity_id, 0 as score where 0)`
  ).as('hits');

// ---- query and vector literals; tokens hold only letters and digits, quoting is belt and braces

const pgLexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const ftsTerm = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** The tokens as a PostgreSQL tsvector literal (positions capped), for bulk writers of the index. */
export function tsvectorLiteral(tokens: string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, index) => {
    const list = positions.get(token) ?? [];
    if (list.length < 256) list.push(Math.min(index + 1, MAX_POSITION));
    positions.set(token, list);
  });
  return [...positions].map(([token, at]) => `${pgLexeme(token)}:${at.join(',')}`).join(' ');
}

/** A lone Chinese character matches as a prefix: 卡 finds 卡纸. */
const isSingleHan = (token: string) => token.length === 1 && /\p{Script=Han}/u.test(token);

function tsqueryLiteral({ words, han }: Tokens): string {
  const term = (t: string) => (isSingleHan(t) ? `${pgLexeme(t)}:*` : pgLexeme(t));
  const anyOf = [...words, ...han].map(term).join(' | ');
  if (words.length === 0) return anyOf;
  return [...words.map(term), `(${anyOf})`].join(' & ');
}

function ftsMatch({ words, han }: Tokens): string {
  const term = (t: string) => (isSingleHan(t) ? `${ftsTerm(t)}*` : ftsTerm(t));
  const anyOf = [...words, ...han].map(term).join(' OR ');
  if (words.length === 0) return anyOf;
  return [...words.map(term), `(${anyOf})`].join(' AND ');
}
