import type { HoldReason, Incident, IncidentDeskInfo, IncidentListQuery, IncidentSummary, Locale } from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { categoryNames } from '../categories/index.js';
import {
  attachmentsOf,
  linksOf,
  newestRecordsPage,
  type RecordSummaryRow,
  recordTextMatches,
  selectRecordSummaries,
  timelineOf,
  type WorkRecord,
  watchersOf,
} from '../records/index.js';
import { totalMinutes } from '../time-tracking/index.js';
import { type IncidentDetails as IncidentDetailsRow, reopenUntil, subjectOf } from './incident.core.js';
import { incidentAbilities } from './incident.policy.js';
import { getIncidentSettings } from './incident.settings.js';

/** Read side: the shapes the API returns, assembled from the record core and the incident's own table. */

const ref = (id: string | null, name: string | null | undefined) => (id && name ? { id, name } : null);

function toSummary(
  row: RecordSummaryRow,
  categories: Map<string, { zh: string; en: string }>,
  locale: Locale,
): IncidentSummary {
  const category = row.category_id ? categories.get(row.category_id) : undefined;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    state: row.state as IncidentSummary['state'],
    level: row.level as IncidentSummary['level'],
    impact: row.impact as IncidentSummary['impact'],
    urgency: row.urgency as IncidentSummary['urgency'],
    channel: row.channel as IncidentSummary['channel'],
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

const meOr = (actor: Actor, value: string) => (value === 'me' ? actor.id : value);

export async function listIncidents(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  query: IncidentListQuery,
  locale: Locale,
) {
  let q = selectRecordSummaries(db).where('work_records.kind', '=', 'incident').where(visibleRecords(actor));
  if (query.state) q = q.where('work_records.state', 'in', query.state.split(','));
  if (query.level) q = q.where('work_records.level', '=', query.level);
  if (query.assignee) q = q.where('work_records.assignee_id', '=', meOr(actor, query.assignee));
  if (query.owner) q = q.where('work_records.owner_id', '=', meOr(actor, query.owner));
  if (query.requester) q = q.where('work_records.requester_id', '=', meOr(actor, query.requester));
  if (query.groupId) q = q.where('work_records.group_id', '=', query.groupId);
  if (query.organizationId) q = q.where('work_records.organization_id', '=', query.organizationId);
  if (query.major) {
    const majorIds = db.selectFrom('incident_details').select('record_id').where('major', '=', 1);
    q = q.where('work_records.id', query.major === 'true' ? 'in' : 'not in', majorIds);
  }
  if (query.q) q = q.where(recordTextMatches(dialect, query.q));
  const { rows: page, nextCursor } = await newestRecordsPage(q, query);
  const categories = await categoryNames(db, [
    ...new Set(page.map((r) => r.category_id).filter((c): c is string => !!c)),
  ]);
  const flagOf = await queueFlags(
    db,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => ({
      ...toSummary(r, categories, locale),
      ...flagOf(r.id),
    })),
    nextCursor,
  };
}

/** What queues show besides the core fields: whether a record is a major incident and why it waits. */
export async function queueFlags(db: Db, recordIds: string[]) {
  const rows = recordIds.length
    ? await db
        .selectFrom('incident_details')
        .select(['record_id', 'major', 'hold_kind'])
        .where('record_id', 'in', recordIds)
        .execute()
    : [];
  const byId = new Map(rows.map((f) => [f.record_id, f]));
  return (id: string) => ({
    major: Boolean(byId.get(id)?.major),
    holdKind: (byId.get(id)?.hold_kind ?? null) as HoldReason | null,
  });
}

/** Which of these records the actor may see, in one query. */
async function visibleRecordIds(db: Db, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('work_records')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .where(visibleRecords(actor))
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function incidentView(db: Db, actor: Actor, record: WorkRecord, locale: Locale): Promise<Incident> {
  const staff = isStaff(actor);
  const [summaryRow, details, timeline, attachments, watchers, links, department, settings, collaborators] =
    await Promise.all([
      selectRecordSummaries(db).where('work_records.id', '=', record.id).executeTakeFirstOrThrow(),
      db
        .selectFrom('incident_details')
        .leftJoin('users', 'users.id', 'incident_details.resolved_by')
        .selectAll('incident_details')
        .select('users.name as resolved_by_name')
        .where('record_id', '=', record.id)
        .executeTakeFirstOrThrow(),
      timelineOf(db, record.id, staff),
      attachmentsOf(db, record.id),
      watchersOf(db, record.id),
      linksOf(db, record.id),
      record.department_id
        ? db.selectFrom('departments').select(['id', 'name']).where('id', '=', record.department_id).executeTakeFirst()
        : undefined,
      // Only a resolution has periods (reopen, auto-confirm) to show.
      record.state === 'resolved' ? getIncidentSettings(db) : null,
      db
        .selectFrom('incident_collaborators')
        .innerJoin('users', 'users.id', 'incident_collaborators.user_id')
        .select(['users.id', 'users.name', 'incident_collaborators.created_at'])
        .where('incident_collaborators.record_id', '=', record.id)
        .orderBy('incident_collaborators.created_at')
        .execute(),
    ]);
  const [categories, visibleLinked, extra] = await Promise.all([
    categoryNames(db, record.category_id ? [record.category_id] : []),
    visibleRecordIds(
      db,
      actor,
      links.map((l) => l.other_id),
    ),
    deskExtras(db, record, details, staff),
  ]);
  const people = { watcherIds: watchers.map((w) => w.id), collaboratorIds: collaborators.map((c) => c.id) };
  const summary = toSummary(summaryRow, categories, locale);
  const subject = subjectOf(record, details, { ...people, reopenDays: settings?.reopenDays });
  const resolvedHere = record.state === 'resolved' && details.confirmed_at === null;
  const desk: IncidentDeskInfo = {
    service: extra.service
      ? { id: extra.service.id, name: locale === 'en-US' ? extra.service.name_en : extra.service.name_zh }
      : null,
    holdKind: details.hold_kind,
    handling:
      details.resolution_cause !== null
        ? {
            timeSpentMinutes: details.time_spent_minutes,
            knowledgeRef: details.knowledge_ref,
            ciChanged: Boolean(details.ci_changed),
          }
        : null,
    autoConfirmed: Boolean(details.auto_confirmed),
    autoConfirmAt: resolvedHere && settings ? reopenUntil(record, settings.autoConfirmDays) : null,
    reopenUntil: resolvedHere && settings ? reopenUntil(record, settings.reopenDays) : null,
    callback:
      details.callback_at && details.callback_note !== null
        ? {
            by: ref(details.callback_by, extra.names.get(details.callback_by ?? '')),
            at: details.callback_at,
            note: details.callback_note,
          }
        : null,
    major:
      details.major && details.major_at
        ? { by: ref(details.major_by, extra.names.get(details.major_by ?? '')), at: details.major_at }
        : null,
    mergedInto: extra.mergedInto ?? null,
    collaborators: collaborators.map((c) => ({ id: c.id, name: c.name, invitedAt: c.created_at })),
    // Children are other reports of the same outage; only those the reader may see are listed.
    children: links
      .filter((l) => l.kind === 'parent_of' && l.direction === 'outgoing' && visibleLinked.has(l.other_id))
      .map((l) => ({ id: l.other_id, number: l.number, title: l.title, state: l.state })),
    timeTotalMinutes: extra.timeTotal,
  };
  return {
    ...summary,
    description: record.description,
    version: record.version,
    affectedScope: record.affected_scope,
    contact: record.contact,
    department: department ?? null,
    resolution:
      details.resolution_cause !== null && details.resolution_solution !== null
        ? {
            cause: details.resolution_cause,
            solution: details.resolution_solution,
            resolvedBy: ref(details.resolved_by, details.resolved_by_name),
          }
        : null,
    confirmedAt: details.confirmed_at,
    rating: details.rating,
    ratingComment: details.rating_comment,
    archivedAt: details.archived_at,
    holdReason: details.hold_reason,
    timeline: timeline
      .map((t) => ({
        id: t.id,
        at: t.at,
        type: t.type,
        visibility: t.visibility,
        actor: ref(t.actor_id, t.actor_name),
        body: t.body,
        data: JSON.parse(t.data_json) as Record<string, unknown>,
      }))
      .filter((t) => t.type !== 'linked' || visibleLinked.has(t.data.recordId as string)),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      uploadedBy: { id: a.uploader_id, name: a.uploader_name },
      createdAt: a.created_at,
    })),
    watchers: watchers.map((w) => ({ id: w.id, name: w.name })),
    // A link names the other record: links to records the actor cannot see are left out.
    links: links
      .filter((l) => visibleLinked.has(l.other_id))
      .map((l) => ({
        id: l.id,
        kind: l.kind,
        direction: l.direction,
        record: { id: l.other_id, number: l.number, title: l.title, state: l.state },
      })),
    abilities: incidentAbilities(actor, subject),
    desk,
  };
}

/** The desk's additions to one incident view; each query only when there is something to read. */
async function deskExtras(
  db: Db,
  record: WorkRecord,
  details: Pick<IncidentDetailsRow, 'callback_by' | 'major_by' | 'merged_into_id'>,
  staff: boolean,
) {
  const ids = [details.callback_by, details.major_by].filter((id): id is string => !!id);
  const [service, mergedInto, timeTotal, names] = await Promise.all([
    record.service_id
      ? db
          .selectFrom('services')
          .select(['id', 'name_zh', 'name_en'])
          .where('id', '=', record.service_id)
          .executeTakeFirst()
      : undefined,
    details.merged_into_id
      ? db
          .selectFrom('work_records')
          .select(['id', 'number'])
          .where('id', '=', details.merged_into_id)
          .executeTakeFirst()
      : undefined,
    // Time is the desk's own bookkeeping; requesters are not shown it.
    staff ? totalMinutes(db, record.id) : 0,
    ids.length
      ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
      : Promise.resolve([] as { id: string; name: string }[]),
  ]);
  return { service, mergedInto, timeTotal, names: new Map(names.map((r) => [r.id, r.name])) };
}
