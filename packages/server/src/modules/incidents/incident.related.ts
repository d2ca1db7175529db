import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getUser } from '../directory/index.js';
import { addLink, addWatcher, appendTimeline, copyComments, loadVisibleRecord, lockRecord } from '../records/index.js';
import { incidentDetails, prepare, setDetails, stateChange, transition } from './incident.core.js';
import { stopEscalation } from './incident.tiers.js';

/** Major incidents (重大事件) and related work: duplicates merged into a survivor. */

export async function flagMajor({
  tx,
  incidentId,
  major,
  reason,
}: {
  tx: Tx;
  incidentId: string;
  major: boolean;
  reason?: string;
}) {
  const { actor, record, details, subject } = await prepare(tx, incidentId, 'flagMajor');
  transition(subject, 'flagMajor');
  if (Boolean(details.major) === major) return record;
  const now = nowIso();
  await setDetails(tx, record.id, major ? { major: 1, major_at: now, major_by: actor.id } : { major: 0 });
  await appendTimeline(tx, record.id, { type: major ? 'major_flagged' : 'major_unflagged', body: reason || null });
  await audit(tx, {
    action: major ? 'incident.flag_major' : 'incident.unflag_major',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    before: { major: Boolean(details.major) },
    after: { major, reason },
  });
  tx.events.push({
    type: major ? 'incident.major_flagged' : 'incident.major_unflagged',
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { reason: reason ?? null },
  });
  return record;
}

/**
 * An update to everyone affected: a public entry on the major incident and on each of its
 * children, so every requester who reported the outage reads it on their own record.
 */
export async function postMajorUpdate({ tx, incidentId, body }: { tx: Tx; incidentId: string; body: string }) {
  const { record, details, subject } = await prepare(tx, incidentId, 'majorUpdate');
  transition(subject, 'majorUpdate');
  if (!details.major) throw new AppError('incident.not_major');
  const children = await tx.db
    .selectFrom('record_links')
    .innerJoin('work_records', 'work_records.id', 'record_links.to_id')
    .select(['work_records.id', 'work_records.requester_id', 'work_records.number'])
    .where('record_links.from_id', '=', record.id)
    .where('record_links.kind', '=', 'parent_of')
    .where('work_records.closed_at', 'is', null)
    .execute();
  await appendTimeline(tx, record.id, { type: 'major_update', body, data: { children: children.length } });
  for (const child of children) {
    await appendTimeline(tx, child.id, {
      type: 'major_update',
      body,
      data: { target: record.number, recordId: record.id },
    });
  }
  await audit(tx, {
    action: 'incident.major_update',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { body, children: children.map((c) => c.id) },
  });
  tx.events.push({
    type: 'incident.major_update',
    recordId: record.id,
    organizationId: record.organization_id,
    payload: {
      body,
      recordIds: [record.id, ...children.map((c) => c.id)],
      requesterIds: [...new Set([record.requester_id, ...children.map((c) => c.requester_id)])],
    },
  });
  return record;
}

/**
 * Merging a duplicate: it ends cancelled with a link to the survivor, its requester watches
 * the survivor, and its comments are copied there (marked with where they came from).
 */
export async function mergeIncident({ tx, incidentId, into }: { tx: Tx; incidentId: string; into: string }) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'merge');
  const state = transition(subject, 'merge');
  const visibleTarget = await loadVisibleRecord(tx.db, actor, into, 'incident').catch(() => null);
  if (!visibleTarget || visibleTarget.id === record.id) throw new AppError('incident.merge_invalid');
  const target = await lockRecord(tx, visibleTarget.id);
  if (target.organization_id !== record.organization_id || target.closed_at !== null || target.state === 'resolved')
    throw new AppError('incident.merge_invalid');
  const targetDetails = await incidentDetails(tx.db, target.id);
  if (targetDetails.merged_into_id) throw new AppError('incident.merge_invalid');

  // The duplicate's conversation lives on in the survivor, and search finds it there.
  const copied = await copyComments(tx, record, target.id);
  await appendTimeline(tx, target.id, {
    type: 'merged_in',
    body: record.description,
    data: { target: record.number, recordId: record.id, title: record.title, comments: copied },
  });
  const requester = await getUser(tx.db, record.requester_id);
  if (requester.id !== target.requester_id) await addWatcher(tx, target, requester);
  await addLink(tx, record, target, 'duplicates');
  await setDetails(tx, record.id, { merged_into_id: target.id });
  await stopEscalation(tx, record.id);
  const merged = await stateChange(tx, record, state, 'merged', {
    data: { target: target.number, recordId: target.id },
  });
  tx.events.push({
    type: 'incident.merged',
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { intoId: target.id, requesterId: record.requester_id },
  });
  return merged;
}
