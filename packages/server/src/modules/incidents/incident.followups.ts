import type { Followup } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { authorize } from '../../platform/permissions/registry.js';
import { appendTimeline } from '../records/index.js';

/** Follow-ups on low ratings: the service manager's list, closed with a note once handled. */

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

export async function listFollowups(
  db: Db,
  actor: Actor,
  filter: { state?: 'open' | 'closed'; id?: string } = {},
): Promise<Followup[]> {
  authorize(actor, 'followup', 'handle');
  let q = db
    .selectFrom('incident_followups as f')
    .innerJoin('work_records as r', 'r.id', 'f.record_id')
    .innerJoin('organizations as o', 'o.id', 'f.organization_id')
    .innerJoin('users as req', 'req.id', 'r.requester_id')
    .leftJoin('users as owner', 'owner.id', 'f.owner_id')
    .leftJoin('users as closer', 'closer.id', 'f.closed_by')
    .select([
      'f.id',
      'f.record_id',
      'r.number',
      'r.title',
      'f.organization_id',
      'o.name as organization_name',
      'r.requester_id',
      'req.name as requester_name',
      'f.rating',
      'f.comment',
      'f.owner_id',
      'owner.name as owner_name',
      'f.state',
      'f.created_at',
      'f.closed_at',
      'f.closed_by',
      'closer.name as closer_name',
      'f.note',
    ])
    .orderBy('f.created_at', 'desc')
    .limit(500);
  if (filter.state) q = q.where('f.state', '=', filter.state);
  if (filter.id) q = q.where('f.id', '=', filter.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    record: { id: r.record_id, number: r.number, title: r.title },
    organization: { id: r.organization_id, name: r.organization_name },
    requester: { id: r.requester_id, name: r.requester_name },
    rating: r.rating,
    comment: r.comment,
    owner: ref(r.owner_id, r.owner_name),
    state: r.state,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    closedBy: ref(r.closed_by, r.closer_name),
    note: r.note,
  }));
}

export async function closeFollowup({ tx, followupId, note }: { tx: Tx; followupId: string; note: string }) {
  const actor = tx.actor!;
  authorize(actor, 'followup', 'handle');
  const row = await tx.db.selectFrom('incident_followups').selectAll().where('id', '=', followupId).executeTakeFirst();
  if (!row) throw notFound();
  if (row.state === 'closed') throw new AppError('followup.already_closed');
  const now = nowIso();
  const patch = { state: 'closed' as const, closed_at: now, closed_by: actor.id, note };
  // Only the first of two racing closes wins.
  const updated = await tx.db
    .updateTable('incident_followups')
    .set(patch)
    .where('id', '=', followupId)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('followup.already_closed');
  await appendTimeline(tx, row.record_id, { type: 'followup_closed', visibility: 'internal', body: note });
  await audit(tx, {
    action: 'incident.followup_close',
    entityType: 'incident',
    entityId: row.record_id,
    organizationId: row.organization_id,
    before: { state: 'open' },
    after: patch,
  });
  tx.emit('incident.followup_closed', {
    recordId: row.record_id,
    organizationId: row.organization_id,
    payload: { followupId },
  });
  return followupId;
}
