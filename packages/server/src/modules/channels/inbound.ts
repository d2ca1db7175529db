import { createHash, randomBytes } from 'node:crypto';
import type { InboundCreate } from '@trellis/core';
import { isStaffRole, TERMINAL_INCIDENT_STATES } from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { lockKey } from '../../platform/db/dialect.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { findUserByEmail, getGroups, loadActor } from '../directory/index.js';
import { commentOnIncident, reportIncident } from '../incidents/index.js';
import { findRecordRow, updateRecord, type WorkRecord } from '../records/index.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newIntegrationToken = () => `trc_${randomBytes(24).toString('base64url')}`;

/** The integration behind a token, and the person it acts as. */
export async function integrationActor(db: Db, token: string, ip?: string) {
  const integration = await db
    .selectFrom('channel_integrations')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!integration) return null;
  const actor = await loadActor(db, integration.user_id, ip);
  if (!actor) return null;
  await db
    .updateTable('channel_integrations')
    .set({ last_used_at: nowIso() })
    .where('id', '=', integration.id)
    .execute();
  return { integration, actor };
}

type Integration = NonNullable<Awaited<ReturnType<typeof integrationActor>>>['integration'];

const OPEN = (r: WorkRecord) => !TERMINAL_INCIDENT_STATES.includes(r.state as never) && r.state !== 'resolved';

async function route(tx: Tx, record: WorkRecord, integration: Integration) {
  const patch: Partial<WorkRecord> = {};
  if (integration.service_id) patch.service_id = integration.service_id;
  if (integration.group_id) {
    const [group] = await getGroups(tx.db, [integration.group_id]);
    if (group?.active && group.servedOrganizationIds.includes(record.organization_id)) patch.group_id = group.id;
  }
  if (Object.keys(patch).length) await updateRecord(tx, record, patch, 'incident.route', 'incident.routed');
}

/**
 * Creates a record for a bot, OA or monitoring system. An alert whose fingerprint already has an
 * open record adds to that record instead (and a "resolved" alert says so there) — one record per problem.
 */
export async function inboundCreate(tx: Tx, integration: Integration, input: z.infer<typeof InboundCreate>) {
  const actor = tx.actor as Actor;
  if (input.fingerprint) {
    // Alerts of one fingerprint arriving together take turns, so an alert storm opens one record.
    await lockKey(tx.db, tx.dialect, `channel_alerts:${integration.id}:${input.fingerprint}`);
    const alerts = await tx.db
      .selectFrom('channel_alerts')
      .selectAll()
      .where('integration_id', '=', integration.id)
      .where('fingerprint', '=', input.fingerprint)
      .orderBy('last_at', 'desc')
      .execute();
    for (const alert of alerts) {
      const record = await findRecordRow(tx.db, alert.record_id);
      if (!record || !OPEN(record)) continue;
      const occurrences = alert.occurrences + (input.status === 'firing' ? 1 : 0);
      await tx.db
        .updateTable('channel_alerts')
        .set({ occurrences, last_at: nowIso() })
        .where('id', '=', alert.id)
        .execute();
      const prefix =
        input.status === 'resolved' ? '[告警已恢复 / resolved]' : `[告警再次触发 / firing ×${occurrences}]`;
      await commentOnIncident({
        tx,
        incidentId: record.id,
        body: `${prefix} ${input.title}\n${input.description}`.slice(0, 20_000),
        visibility: isStaffRole(actor.role) ? 'internal' : 'public',
      });
      return { record, deduplicated: true, occurrences };
    }
    // A recovery for a problem we never opened (or already closed) opens nothing.
    if (input.status === 'resolved') return null;
  }
  let requesterId: string | undefined;
  if (input.requesterEmail) {
    const requester = await findUserByEmail(tx.db, input.requesterEmail);
    if (!requester?.active)
      throw new AppError('error.validation', {}, [{ path: ['requesterEmail'], message: 'unknown person' }]);
    requesterId = requester.id;
  }
  const channel = integration.kind;
  const record = await reportIncident({
    tx,
    input: {
      title: input.title,
      description: input.description,
      urgency: input.urgency,
      impact: input.impact,
      requesterId,
      ...(isStaffRole(actor.role) ? { channel } : {}),
    },
    channel,
  });
  await route(tx, record, integration);
  if (input.fingerprint) {
    const now = nowIso();
    await tx.db
      .insertInto('channel_alerts')
      .values({
        id: newId(),
        integration_id: integration.id,
        fingerprint: input.fingerprint,
        record_id: record.id,
        occurrences: 1,
        first_at: now,
        last_at: now,
      })
      .execute();
  }
  return { record, deduplicated: false, occurrences: input.fingerprint ? 1 : undefined };
}
