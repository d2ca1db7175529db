import type { Db } from '../../platform/db/database.js';
import { UUID_PATTERN } from '../../platform/ids.js';

export function selectRecordSummaries(db: Db) {
  return db
    .selectFrom('work_records')
    .innerJoin('organizations', 'organizations.id', 'work_records.organization_id')
    .innerJoin('users as requester', 'requester.id', 'work_records.requester_id')
    .leftJoin('users as owner', 'owner.id', 'work_records.owner_id')
    .leftJoin('users as assignee', 'assignee.id', 'work_records.assignee_id')
    .leftJoin('support_groups', 'support_groups.id', 'work_records.group_id')
    .selectAll('work_records')
    .select([
      'organizations.name as organization_name',
      'requester.name as requester_name',
      'owner.name as owner_name',
      'assignee.name as assignee_name',
      'support_groups.name as group_name',
      'support_groups.tier as group_tier',
    ]);
}

export type RecordSummaryRow = Awaited<ReturnType<ReturnType<typeof selectRecordSummaries>['executeTakeFirstOrThrow']>>;

/** A record by its id or by its number (INC-2026-000123). */
export function selectRecordByIdOrNumber(db: Db, idOrNumber: string) {
  const byId = UUID_PATTERN.test(idOrNumber);
  return db
    .selectFrom('work_records')
    .selectAll()
    .where(byId ? 'id' : 'number', '=', byId ? idOrNumber : idOrNumber.trim().toUpperCase());
}

export async function findRecordRow(db: Db, idOrNumber: string) {
  return selectRecordByIdOrNumber(db, idOrNumber).executeTakeFirst();
}

export async function timelineOf(db: Db, recordId: string, includeInternal: boolean) {
  let query = db
    .selectFrom('record_timeline')
    .leftJoin('users', 'users.id', 'record_timeline.actor_id')
    .select([
      'record_timeline.id',
      'record_timeline.at',
      'record_timeline.type',
      'record_timeline.visibility',
      'record_timeline.body',
      'record_timeline.data_json',
      'record_timeline.actor_id',
      'users.name as actor_name',
    ])
    .where('record_timeline.record_id', '=', recordId)
    .orderBy('record_timeline.at')
    .orderBy('record_timeline.id');
  if (!includeInternal) query = query.where('record_timeline.visibility', '=', 'public');
  return query.execute();
}

export async function attachmentsOf(db: Db, recordId: string) {
  return db
    .selectFrom('record_attachments')
    .innerJoin('users', 'users.id', 'record_attachments.uploaded_by')
    .select([
      'record_attachments.id',
      'record_attachments.filename',
      'record_attachments.content_type',
      'record_attachments.size',
      'record_attachments.created_at',
      'users.id as uploader_id',
      'users.name as uploader_name',
    ])
    .where('record_attachments.record_id', '=', recordId)
    .orderBy('record_attachments.created_at')
    .execute();
}

export async function watchersOf(db: Db, recordId: string) {
  return db
    .selectFrom('record_watchers')
    .innerJoin('users', 'users.id', 'record_watchers.user_id')
    .select(['users.id', 'users.name'])
    .where('record_watchers.record_id', '=', recordId)
    .orderBy('users.name')
    .execute();
}

export async function linksOf(db: Db, recordId: string) {
  const [outgoing, incoming] = await Promise.all([
    db
      .selectFrom('record_links')
      .innerJoin('work_records', 'work_records.id', 'record_links.to_id')
      .select([
        'record_links.id',
        'record_links.kind',
        'work_records.id as other_id',
        'work_records.number',
        'work_records.title',
        'work_records.state',
        'work_records.organization_id',
      ])
      .where('record_links.from_id', '=', recordId)
      .execute(),
    db
      .selectFrom('record_links')
      .innerJoin('work_records', 'work_records.id', 'record_links.from_id')
      .select([
        'record_links.id',
        'record_links.kind',
        'work_records.id as other_id',
        'work_records.number',
        'work_records.title',
        'work_records.state',
        'work_records.organization_id',
      ])
      .where('record_links.to_id', '=', recordId)
      .execute(),
  ]);
  return [
    ...outgoing.map((l) => ({ ...l, direction: 'outgoing' as const })),
    ...incoming.map((l) => ({ ...l, direction: 'incoming' as const })),
  ];
}
