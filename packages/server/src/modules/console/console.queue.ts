import type { Locale, QueueFilters, QueueItem } from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { searchMatches } from '../../platform/search/index.js';
import { categoryNames } from '../categories/index.js';
import { majorIncidentIds, queueFlags } from '../incidents/index.js';
import {
  newestRecordsPage,
  newestRecordsPageOfEach,
  type RecordSummaryRow,
  selectRecordSummaries,
} from '../records/index.js';

/** How many of the newest text matches a queue filter considers. */
export const QUEUE_TEXT_CANDIDATES = 2000;
/** Up to this many kind × state combinations, a page is read per combination and merged. */
const MAX_SPLIT = 12;

const ref = (id: string | null, name: string | null | undefined) => (id && name ? { id, name } : null);

export function toQueueItem(
  row: RecordSummaryRow,
  categories: Map<string, { zh: string; en: string }>,
  locale: Locale,
): QueueItem {
  const category = row.category_id ? categories.get(row.category_id) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    title: row.title,
    state: row.state,
    level: row.level as QueueItem['level'],
    impact: row.impact as QueueItem['impact'],
    urgency: row.urgency as QueueItem['urgency'],
    channel: row.channel,
    organization: { id: row.organization_id, name: row.organization_name },
    requester: { id: row.requester_id, name: row.requester_name },
    owner: ref(row.owner_id, row.owner_name),
    assignee: ref(row.assignee_id, row.assignee_name),
    group:
      row.group_id && row.group_name ? { id: row.group_id, name: row.group_name, tier: row.group_tier ?? 1 } : null,
    categoryId: row.category_id,
    categoryName: category ? (locale === 'en-US' ? category.en : category.zh) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

/** A category filter covers its subcategories too: 硬件 finds records filed under 硬件 / 打印机. */
async function withDescendants(db: Db, categoryId: string): Promise<string[]> {
  const all = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  const result = new Set([categoryId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of all) {
      if (c.parent_id && result.has(c.parent_id) && !result.has(c.id)) {
        result.add(c.id);
        grew = true;
      }
    }
  }
  return [...result];
}

/**
 * The console queue over every kind of work record, newest first with keyset pages. Visibility is
 * part of the WHERE clause, so a page never holds rows the agent may not see; text goes through
 * the shared search index rather than LIKE, so it stays fast on a large table.
 */
export async function listQueue(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  filters: QueueFilters,
  page: { cursor?: string; limit: number },
  locale: Locale,
) {
  const me = (value: string) => (value === 'me' ? actor.id : value);
  let q = selectRecordSummaries(db).where(visibleRecords(actor));
  if (filters.level?.length) q = q.where('work_records.level', 'in', filters.level);
  if (filters.groupId) q = q.where('work_records.group_id', '=', filters.groupId);
  if (filters.assignee === 'none') q = q.where('work_records.assignee_id', 'is', null);
  else if (filters.assignee) q = q.where('work_records.assignee_id', '=', me(filters.assignee));
  if (filters.owner === 'none') q = q.where('work_records.owner_id', 'is', null);
  else if (filters.owner) q = q.where('work_records.owner_id', '=', me(filters.owner));
  if (filters.organizationId) q = q.where('work_records.organization_id', '=', filters.organizationId);
  if (filters.channel?.length) q = q.where('work_records.channel', 'in', filters.channel);
  if (filters.serviceId) q = q.where('work_records.service_id', '=', filters.serviceId);
  if (filters.major !== undefined) {
    const majorIds = majorIncidentIds(db);
    q = filters.major ? q.where('work_records.id', 'in', majorIds) : q.where('work_records.id', 'not in', majorIds);
  }
  if (filters.categoryId) q = q.where('work_records.category_id', 'in', await withDescendants(db, filters.categoryId));
  if (filters.q) {
    const text = filters.q;
    // Unranked (the queue orders by date) and bounded to the newest matches, which are the ones a
    // queue shows first; older records are for global search or a more specific text.
    const matches = searchMatches({ db, dialect }, text, filters.kinds?.length ? filters.kinds : ['incident'], {
      newest: QUEUE_TEXT_CANDIDATES,
    });
    q = q.where((eb) =>
      eb.or([
        eb('work_records.number', '=', text.toUpperCase()),
        ...(matches ? [eb('work_records.id', 'in', db.selectFrom(matches).select('matches.entity_id'))] : []),
      ]),
    );
  }
  // One query per kind and state, each walking its own index newest first (newestRecordsPageOfEach).
  const kinds = filters.kinds?.length ? [...new Set(filters.kinds)] : ['incident' as const];
  const states = filters.state?.length ? [...new Set(filters.state)] : [null];
  const filtered = q;
  const queries = kinds.flatMap((kind) =>
    states.map((state) => {
      const one = filtered.where('work_records.kind', '=', kind);
      return state === null ? one : one.where('work_records.state', '=', state);
    }),
  );
  const { rows: items, nextCursor } =
    queries.length <= MAX_SPLIT
      ? await newestRecordsPageOfEach(queries, page)
      : await newestRecordsPage(
          filtered
            .where('work_records.kind', 'in', kinds)
            .where((eb) => (filters.state?.length ? eb('work_records.state', 'in', filters.state) : eb.lit(true))),
          page,
        );
  const categories = await categoryNames(db, [
    ...new Set(items.map((r) => r.category_id).filter((c): c is string => !!c)),
  ]);
  const flagOf = await queueFlags(
    db,
    items.map((r) => r.id),
  );
  return {
    items: items.map((r) => ({
      ...toQueueItem(r, categories, locale),
      ...flagOf(r.id),
    })),
    nextCursor,
  };
}
