import { RECORD_KINDS, type RecordKind, type SearchHitItem } from '@trellis/core';
import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { queryTokens, searchHits } from '../../platform/search/index.js';

/** How much of the description a hit shows around the first matching term. */
const SNIPPET_BEFORE = 20;
const SNIPPET_LENGTH = 90;
/**
 * Staff searches rank the newest this-many matches in the organisations they could see. A word
 * found in thousands of records then costs one bounded ranking; older records need a more
 * specific query. Requesters' searches are not bounded: they see only their own organisation,
 * where a bound could let records they may not see crowd out their own.
 */
export const SEARCH_CANDIDATES = 1000;

/** A short excerpt around the first query term found in the text; cheap, done on the page of hits only. */
export function snippetOf(text: string, query: string): string | null {
  const { words, han } = queryTokens(query);
  const haystack = text.normalize('NFKC').toLowerCase();
  let at = -1;
  for (const term of [...han.filter((t) => t.length > 1).sort((a, b) => b.length - a.length), ...words, ...han]) {
    const i = haystack.indexOf(term);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return text.length ? text.slice(0, SNIPPET_LENGTH) + (text.length > SNIPPET_LENGTH ? '…' : '') : null;
  const start = Math.max(0, at - SNIPPET_BEFORE);
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
}

/**
 * Global search across record kinds: the index's hits joined with the records the actor may see,
 * in rank order. Visibility is in the same SQL as the LIMIT, so nobody gets a short page because
 * the best hits were someone else's.
 */
export async function searchRecords(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  query: string,
  options: { kinds?: RecordKind[]; limit: number },
): Promise<SearchHitItem[]> {
  const kinds = options.kinds?.length ? options.kinds : [...RECORD_KINDS];
  // Every record the actor may see belongs to one of these organisations (own records included),
  // so the index can be narrowed before ranking; the join below applies the exact rule.
  const organizationIds = seesAllOrganizations(actor)
    ? null
    : isStaff(actor)
      ? [...new Set([...actor.servedOrganizationIds, actor.organizationId])]
      : [actor.organizationId];
  const hits = searchHits({ db, dialect }, query, kinds, {
    organizationIds,
    candidates: isStaff(actor) ? SEARCH_CANDIDATES : undefined,
  });
  const number = query.trim().toUpperCase();
  const byNumber = /^[A-Z]+-\d{4}-\d+$/.test(number)
    ? await db
        .selectFrom('work_records')
        .select(['id', 'kind', 'number', 'title', 'state', 'description', 'updated_at'])
        .where('number', '=', number)
        .where(visibleRecords(actor))
        .execute()
    : [];
  const ranked = hits
    ? await db
        .selectFrom(hits)
        // CROSS JOIN keeps SQLite from scanning records first: the bounded hits drive the join.
        .crossJoin('work_records')
        .whereRef('work_records.id', '=', 'hits.entity_id')
        .select([
          'work_records.id',
          'work_records.kind',
          'work_records.number',
          'work_records.title',
          'work_records.state',
          'work_records.description',
          'work_records.updated_at',
        ])
        .where((eb) => visibleRecords(actor)(eb as unknown as ExpressionBuilder<Database, 'work_records'>))
        .where('work_records.kind', 'in', kinds)
        .orderBy('hits.score', 'desc')
        .orderBy('work_records.created_at', 'desc')
        .limit(options.limit)
        .execute()
    : [];
  const seen = new Set<string>();
  return [...byNumber, ...ranked]
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .slice(0, options.limit)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      number: r.number,
      title: r.title,
      state: r.state,
      snippet: snippetOf(r.description, query),
      updatedAt: r.updated_at,
    }));
}
