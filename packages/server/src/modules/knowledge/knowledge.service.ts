import {
  type ArticleAction,
  type ArticleInput,
  type ArticleState,
  type DomainEventType,
  isStaffRole,
  type Locale,
  nextArticleState,
  stateAfterEdit,
  translate,
  type UpdateArticle,
} from '@trellis/core';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import { type Dataset, runDataset } from '../../platform/datasets.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextNumber } from '../../platform/numbering.js';
import { can } from '../../platform/permissions/registry.js';
import { indexDocument, removeDocument } from '../../platform/search/index.js';
import { findCategory } from '../categories/index.js';
import { incidentDetails } from '../incidents/index.js';
import { findRecordRow, loadVisibleRecord, timelineOf } from '../records/index.js';
import { knowledgeArticles, knowledgeDeflection, knowledgeFeedback } from './knowledge.datasets.js';
import { articleAbilities, mayActOnArticle, subjectOfArticle } from './knowledge.policy.js';
import type { KbArticlesTable } from './knowledge.table.js';
import { htmlToText, lineDiff, sanitizeArticleHtml, textToHtml } from './knowledge.text.js';

export const ARTICLE_ENTITY = 'kb_article';

type ArticleRow = KbArticlesTable;

/** KB-000123: one gapless counter for all articles, drawn in the writer's transaction. */
async function nextArticleNumber(tx: Tx): Promise<string> {
  return `KB-${String(await nextNumber(tx, 'KB')).padStart(6, '0')}`;
}

export async function loadArticle(db: Db, actor: Actor, idOrNumber: string): Promise<ArticleRow> {
  const key = idOrNumber.trim();
  const row = await db
    .selectFrom('kb_articles')
    .selectAll()
    .where(/^KB-/i.test(key) ? 'number' : 'id', '=', /^KB-/i.test(key) ? key.toUpperCase() : key)
    .executeTakeFirst();
  if (!row || !can(actor, 'article', 'view', subjectOfArticle(row))) throw notFound();
  return row;
}

async function validateRefs(tx: Tx, input: Partial<ArticleInput>) {
  if (input.categoryId && !(await findCategory(tx.db, input.categoryId)))
    throw new AppError('error.validation', {}, [{ path: ['categoryId'], message: 'unknown category' }]);
  if (input.audienceGroupId) {
    const group = await tx.db
      .selectFrom('support_groups')
      .select('id')
      .where('id', '=', input.audienceGroupId)
      .executeTakeFirst();
    if (!group) throw new AppError('error.validation', {}, [{ path: ['audienceGroupId'], message: 'unknown group' }]);
  }
  if (input.ownerId) {
    const owner = await tx.db
      .selectFrom('users')
      .select(['id', 'role', 'active'])
      .where('id', '=', input.ownerId)
      .executeTakeFirst();
    if (!owner?.active || !isStaffRole(owner.role))
      throw new AppError('error.validation', {}, [{ path: ['ownerId'], message: 'unknown owner' }]);
  }
}

const cleanTags = (tags: readonly string[] | undefined) => [
  ...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean)),
];

async function addVersion(
  tx: Tx,
  row: ArticleRow,
  previous: { title: string; body: string } | null,
  note?: string | null,
) {
  const before = previous ? `${previous.title}\n${htmlToText(previous.body)}` : '';
  const after = `${row.title}\n${htmlToText(row.body)}`;
  await tx.db
    .insertInto('kb_article_versions')
    .values({
      article_id: row.id,
      version: row.current_version,
      title: row.title,
      body: row.body,
      diff_json: JSON.stringify(lineDiff(before, after)),
      note: note ?? null,
      author_id: tx.actor?.id ?? null,
      created_at: row.updated_at,
      approved_by: null,
      approved_at: null,
    })
    .execute();
}

/** Published content goes into the shared index in the same transaction; anything else leaves it. */
async function reindex(tx: Tx, row: ArticleRow) {
  if (row.published_version === null || row.state === 'retired') {
    await removeDocument(tx, ARTICLE_ENTITY, row.id);
    return;
  }
  const published = await tx.db
    .selectFrom('kb_article_versions')
    .select(['title', 'body'])
    .where('article_id', '=', row.id)
    .where('version', '=', row.published_version)
    .executeTakeFirstOrThrow();
  const tags = JSON.parse(row.tags_json) as string[];
  await indexDocument(tx, {
    entityType: ARTICLE_ENTITY,
    entityId: row.id,
    organizationId: null,
    title: published.title,
    body: `${tags.join(' ')}\n${htmlToText(published.body)}`,
  });
}

export async function createArticle({
  tx,
  input,
  publishAsKnownError,
}: {
  tx: Tx;
  input: ArticleInput;
  /** A known error is approved as part of the problem process and goes straight to the agents. */
  publishAsKnownError?: boolean;
}): Promise<ArticleRow> {
  const actor = tx.actor!;
  if (!can(actor, 'article', 'write')) throw new AppError('error.forbidden');
  const audience = input.audience ?? 'agents';
  if (audience === 'group' && !input.audienceGroupId) throw new AppError('knowledge.group_required');
  await validateRefs(tx, input);
  let sourceRecordId: string | null = null;
  if (input.sourceIncidentId || input.sourceProblemId) {
    const source = await findRecordRow(tx.db, (input.sourceIncidentId ?? input.sourceProblemId)!);
    if (!source) throw notFound();
    await loadVisibleRecord(tx.db, actor, source.id, source.kind);
    sourceRecordId = source.id;
  }
  const now = nowIso();
  const row: ArticleRow = {
    id: newId(),
    number: await nextArticleNumber(tx),
    title: input.title.trim(),
    body: sanitizeArticleHtml(input.body),
    state: publishAsKnownError ? 'published' : 'draft',
    audience,
    audience_group_id: audience === 'group' ? (input.audienceGroupId ?? null) : null,
    category_id: input.categoryId ?? null,
    tags_json: JSON.stringify(cleanTags(input.tags)),
    owner_id: input.ownerId ?? actor.id,
    author_id: actor.id,
    review_date: input.reviewDate ?? null,
    review_notified_for: null,
    source_record_id: sourceRecordId,
    current_version: 1,
    published_version: publishAsKnownError ? 1 : null,
    view_count: 0,
    created_at: now,
    updated_at: now,
    published_at: publishAsKnownError ? now : null,
  };
  await tx.db.insertInto('kb_articles').values(row).execute();
  await addVersion(tx, row, null);
  if (publishAsKnownError) {
    await tx.db
      .updateTable('kb_article_versions')
      .set({ approved_by: actor.id, approved_at: now })
      .where('article_id', '=', row.id)
      .execute();
  }
  if (sourceRecordId) await linkArticleRow(tx, row, sourceRecordId);
  await reindex(tx, row);
  await audit(tx, {
    action: 'knowledge.create',
    entityType: ARTICLE_ENTITY,
    entityId: row.id,
    after: { ...row, body: undefined },
  });
  tx.emit('knowledge.created', { payload: { articleId: row.id, state: row.state } });
  return row;
}

export async function updateArticle({ tx, articleId, input }: { tx: Tx; articleId: string; input: UpdateArticle }) {
  const actor = tx.actor!;
  const row = await loadArticle(tx.db, actor, articleId);
  if (!articleAbilities(actor, subjectOfArticle(row)).edit) throw new AppError('error.forbidden');
  await validateRefs(tx, input);
  const audience = input.audience ?? row.audience;
  const groupId = input.audienceGroupId === undefined ? row.audience_group_id : input.audienceGroupId;
  if (audience === 'group' && !groupId) throw new AppError('knowledge.group_required');
  const patch: Partial<ArticleRow> = {
    ...(input.title !== undefined ? { title: input.title.trim() } : {}),
    ...(input.body !== undefined ? { body: sanitizeArticleHtml(input.body) } : {}),
    ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
    ...(input.tags !== undefined ? { tags_json: JSON.stringify(cleanTags(input.tags)) } : {}),
    audience,
    audience_group_id: audience === 'group' ? groupId : null,
    ...(input.ownerId !== undefined ? { owner_id: input.ownerId ?? actor.id } : {}),
    ...(input.reviewDate !== undefined ? { review_date: input.reviewDate } : {}),
  };
  const changes = diff(row as unknown as Record<string, unknown>, patch);
  if (Object.keys(changes.after).length === 0) return row;
  const contentChanged = 'title' in changes.after || 'body' in changes.after;
  const now = nowIso();
  const next: ArticleRow = {
    ...row,
    ...(changes.after as Partial<ArticleRow>),
    updated_at: now,
    // New content is a new version that a reviewer approves again; readers keep the approved one.
    ...(contentChanged ? { current_version: row.current_version + 1, state: stateAfterEdit(row.state) } : {}),
  };
  await tx.db
    .updateTable('kb_articles')
    .set({
      ...(changes.after as Partial<ArticleRow>),
      updated_at: now,
      current_version: next.current_version,
      state: next.state,
    })
    .where('id', '=', row.id)
    .execute();
  if (contentChanged) await addVersion(tx, next, row, input.changeNote);
  // Tags and audience change what search finds even without a new version.
  await reindex(tx, next);
  await audit(tx, { action: 'knowledge.update', entityType: ARTICLE_ENTITY, entityId: row.id, ...changes });
  tx.emit('knowledge.updated', { payload: { articleId: row.id } });
  return next;
}

/** The event each review action announces. */
const ARTICLE_EVENT = {
  submit: 'knowledge.submitted',
  approve: 'knowledge.published',
  reject: 'knowledge.rejected',
  retire: 'knowledge.retired',
  restore: 'knowledge.restored',
} as const satisfies Record<ArticleAction, DomainEventType>;

export async function transitionArticle({
  tx,
  articleId,
  action,
  note,
}: {
  tx: Tx;
  articleId: string;
  action: ArticleAction;
  note?: string;
}) {
  const actor = tx.actor!;
  const row = await loadArticle(tx.db, actor, articleId);
  const subject = subjectOfArticle(row);
  if (!mayActOnArticle(actor, subject, action)) {
    const selfReview = action === 'approve' && row.author_id === actor.id && mayActOnArticle(actor, subject, 'reject');
    throw new AppError(selfReview ? 'knowledge.self_review' : 'error.forbidden');
  }
  const result = nextArticleState(row.state, action);
  if (!result.ok)
    throw new AppError(result.code, { state: `article.state.${row.state}`, action: `article.action.${action}` });
  if (!articleAbilities(actor, subject)[action]) throw new AppError('error.forbidden');
  const now = nowIso();
  const patch: Partial<ArticleRow> = { state: result.state as ArticleState, updated_at: now };
  if (action === 'approve') {
    patch.published_version = row.current_version;
    patch.published_at = now;
    await tx.db
      .updateTable('kb_article_versions')
      .set({ approved_by: actor.id, approved_at: now })
      .where('article_id', '=', row.id)
      .where('version', '=', row.current_version)
      .execute();
  }
  await tx.db.updateTable('kb_articles').set(patch).where('id', '=', row.id).execute();
  const next = { ...row, ...patch } as ArticleRow;
  await reindex(tx, next);
  await audit(tx, {
    action: `knowledge.${action}`,
    entityType: ARTICLE_ENTITY,
    entityId: row.id,
    before: { state: row.state },
    after: { state: next.state, note: note ?? null },
  });
  tx.emit(ARTICLE_EVENT[action], {
    payload: { articleId: row.id, note },
  });
  return next;
}

async function linkArticleRow(tx: Tx, row: ArticleRow, recordId: string) {
  await tx.db
    .insertInto('kb_article_links')
    .values({ article_id: row.id, record_id: recordId, created_by: tx.actor?.id ?? null, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['article_id', 'record_id']).doNothing())
    .execute();
}

export async function linkArticle({
  tx,
  articleId,
  target,
  remove,
}: {
  tx: Tx;
  articleId: string;
  target: string;
  remove?: boolean;
}) {
  const actor = tx.actor!;
  const row = await loadArticle(tx.db, actor, articleId);
  if (!articleAbilities(actor, subjectOfArticle(row)).link) throw new AppError('error.forbidden');
  const record = await findRecordRow(tx.db, target);
  if (!record) throw notFound();
  await loadVisibleRecord(tx.db, actor, record.id, record.kind);
  if (remove) {
    await tx.db
      .deleteFrom('kb_article_links')
      .where('article_id', '=', row.id)
      .where('record_id', '=', record.id)
      .execute();
  } else {
    await linkArticleRow(tx, row, record.id);
  }
  await audit(tx, {
    action: remove ? 'knowledge.unlink' : 'knowledge.link',
    entityType: ARTICLE_ENTITY,
    entityId: row.id,
    after: { record: record.number },
  });
  return row;
}

export async function giveFeedback({
  tx,
  articleId,
  useful,
  comment,
}: {
  tx: Tx;
  articleId: string;
  useful: boolean;
  comment?: string;
}) {
  const row = await loadArticle(tx.db, tx.actor!, articleId);
  const values = { useful: useful ? 1 : 0, comment: comment?.trim() || null, created_at: nowIso() };
  await tx.db
    .insertInto('kb_feedback')
    .values({ article_id: row.id, user_id: tx.actor!.id, ...values })
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet(values))
    .execute();
  tx.emit('knowledge.feedback_given', { payload: { articleId: row.id, useful } });
  return row;
}

/** Counted on every read; one small update, outside any other work. */
export async function countView(db: Db, articleId: string) {
  await db
    .updateTable('kb_articles')
    .set((eb) => ({ view_count: eb('view_count', '+', 1) }))
    .where('id', '=', articleId)
    .execute();
}

// ---- prefill from a resolved incident (事件处理单) or a known error

const RESOLVED_STATES = ['resolved', 'archived'];
/** Columns of incident_details that are bookkeeping, not knowledge. */
const NOT_CONTENT = /(^record_id$|_id$|_at$|_by$|^rating|^hold_reason$)/;

export async function prefillFromIncident(db: Db, actor: Actor, incidentId: string, locale: Locale) {
  const record = await loadVisibleRecord(db, actor, incidentId, 'incident');
  if (!RESOLVED_STATES.includes(record.state)) throw new AppError('knowledge.source_not_resolved');
  const details = ((await incidentDetails(db, record.id)) ?? {}) as unknown as Record<string, unknown>;
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const section = (title: string, html: string) => (html ? `<h2>${title}</h2>${html}` : '');
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? textToHtml(value) : '');
  // The handling record grows over time (desk fields); every other text column is kept too.
  const extra = Object.entries(details)
    .filter(
      ([key, value]) =>
        !NOT_CONTENT.test(key) &&
        !['resolution_cause', 'resolution_solution'].includes(key) &&
        typeof value === 'string' &&
        value.trim(),
    )
    .map(([key, value]) => section(key.replace(/_/g, ' '), text(value)))
    .join('');
  const timeline = (await timelineOf(db, record.id, true)).filter((e) => e.type === 'comment' && e.body);
  const steps = timeline.length
    ? `<ol>${timeline.map((e) => `<li>${textToHtml(e.body ?? '').replace(/^<p>|<\/p>$/g, '')}</li>`).join('')}</ol>`
    : '';
  const body = [
    section(t('knowledge.prefill.symptom'), text(record.description)),
    section(t('knowledge.prefill.cause'), text(details.resolution_cause)),
    section(t('knowledge.prefill.solution'), text(details.resolution_solution)),
    extra,
    section(t('knowledge.prefill.steps'), steps),
  ].join('');
  return {
    title: record.title,
    body: sanitizeArticleHtml(body),
    categoryId: record.category_id,
    tags: [] as string[],
    audience: 'agents' as const,
    sourceIncidentId: record.id,
    sourceProblemId: null,
    sourceNumber: record.number,
  };
}

export function knownErrorBody(
  locale: Locale,
  problem: { description: string; rootCause: string; workaround: string | null },
): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const part = (title: string, value: string | null) => (value?.trim() ? `<h2>${title}</h2>${textToHtml(value)}` : '');
  return sanitizeArticleHtml(
    [
      part(t('knowledge.prefill.symptom'), problem.description),
      part(t('knowledge.prefill.cause'), problem.rootCause),
      part(t('knowledge.prefill.workaround'), problem.workaround),
    ].join(''),
  );
}

// ---- review reminders

/** Published articles whose review date has come: one event per article and review date. */
export async function sendReviewReminders(tx: Tx, today = nowIso().slice(0, 10)): Promise<number> {
  const due = await tx.db
    .selectFrom('kb_articles')
    .select(['id', 'title', 'owner_id', 'review_date'])
    .where('state', '=', 'published')
    .where('review_date', '<=', today)
    .where((eb) =>
      eb.or([eb('review_notified_for', 'is', null), eb('review_notified_for', '!=', eb.ref('review_date'))]),
    )
    .execute();
  for (const article of due) {
    await tx.db
      .updateTable('kb_articles')
      .set({ review_notified_for: article.review_date })
      .where('id', '=', article.id)
      .execute();
    tx.emit('knowledge.review_reminded', {
      payload: {
        articleId: article.id,
        ownerId: article.owner_id,
        title: article.title,
        reviewDate: article.review_date,
      },
    });
  }
  return due.length;
}

// ---- deflection: portal sessions in which suggestions were shown and opened

export async function recordSuggestionEvent(
  tx: Tx,
  input: { sessionId: string; event: 'shown' | 'opened'; articleIds: string[] },
) {
  const actor = tx.actor!;
  const now = nowIso();
  const existing = await tx.db
    .selectFrom('kb_suggestion_sessions')
    .selectAll()
    .where('id', '=', input.sessionId)
    .executeTakeFirst();
  if (existing && existing.user_id !== actor.id) throw new AppError('error.forbidden');
  if (!existing) {
    await tx.db
      .insertInto('kb_suggestion_sessions')
      .values({
        id: input.sessionId,
        user_id: actor.id,
        shown_at: now,
        opened_at: null,
        opened_article_id: null,
        submitted_record_id: null,
        updated_at: now,
      })
      .execute();
  }
  if (input.event === 'opened') {
    const articleId = input.articleIds[0] ?? null;
    const article = articleId
      ? await tx.db.selectFrom('kb_articles').select('id').where('id', '=', articleId).executeTakeFirst()
      : undefined;
    await tx.db
      .updateTable('kb_suggestion_sessions')
      .set({
        opened_at: existing?.opened_at ?? now,
        opened_article_id: article?.id ?? existing?.opened_article_id ?? null,
        updated_at: now,
      })
      .where('id', '=', input.sessionId)
      .execute();
  } else if (existing) {
    await tx.db
      .updateTable('kb_suggestion_sessions')
      .set({ updated_at: now })
      .where('id', '=', input.sessionId)
      .execute();
  }
}

/**
 * An incident filed by the same person within two hours of a session means it did not deflect.
 * One statement: it runs after every new incident, so it must stay cheap.
 */
/** `at` is when the report was filed: the job may run later, and later sessions are not its. */
export async function markSessionsSubmitted(db: Db, recordId: string, at = nowIso()) {
  const since = new Date(Date.parse(at) - 2 * 3_600_000).toISOString();
  await db
    .updateTable('kb_suggestion_sessions')
    .set({ submitted_record_id: recordId })
    .where('submitted_record_id', 'is', null)
    .where('updated_at', '>=', since)
    .where('updated_at', '<=', at)
    .where('user_id', '=', (eb) =>
      eb.selectFrom('work_records').select('created_by').where('id', '=', recordId).where('kind', '=', 'incident'),
    )
    .execute();
}

/** The figures of the knowledge page, read from the knowledge datasets (one code path with reports). */
export async function knowledgeStats(db: Db, actor: Actor) {
  const run = (dataset: Dataset, groupBy: string[] = []) =>
    runDataset(db, actor, dataset, { groupBy, filters: {} }, actor.locale).then((r) => r.rows);
  const [byState, [sessions], [feedback]] = await Promise.all([
    run(knowledgeArticles, ['state']),
    run(knowledgeDeflection),
    run(knowledgeFeedback),
  ]);
  const n = (v: unknown) => Number(v ?? 0);
  const count = (s: string) => n(byState.find((r) => r.state === s)?.articles);
  const opened = n(sessions?.opened);
  const deflected = n(sessions?.deflected);
  const fb = n(feedback?.feedback);
  return {
    articles: { published: count('published'), inReview: count('in_review'), draft: count('draft') },
    reviewsDue: byState.reduce((sum, r) => sum + n(r.reviewsDue), 0),
    sessionsShown: n(sessions?.shown),
    sessionsOpened: opened,
    deflected,
    deflectionRate: opened > 0 ? Math.round((deflected / opened) * 1000) / 1000 : null,
    views: byState.reduce((sum, r) => sum + n(r.views), 0),
    usefulRate: fb > 0 ? Math.round((n(feedback?.useful) / fb) * 1000) / 1000 : null,
  };
}
