import type { SaveIncidentTemplate, UpdateIncidentTemplate } from '@trellis/core';
import { type IncidentTemplate, levelFor } from '@trellis/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { findCategory } from '../categories/index.js';
import type { ConsoleIncidentTemplatesTable } from './console.table.js';

/** The console is for staff; requesters use the portal. */
export function requireConsole(actor: Actor): Actor {
  if (!can(actor, 'console', 'use')) throw forbidden();
  return actor;
}

// ---- incident templates

const toTemplate = (row: Selectable<ConsoleIncidentTemplatesTable>): IncidentTemplate => ({
  id: row.id,
  name: row.name,
  title: row.title,
  description: row.description,
  categoryId: row.category_id,
  impact: row.impact,
  urgency: row.urgency,
  level: levelFor(row.impact as 1, row.urgency as 1),
  active: row.active === 1,
  sort: row.sort,
});

export async function listTemplates(db: Db, actor: Actor, includeInactive = false): Promise<IncidentTemplate[]> {
  requireConsole(actor);
  let q = db.selectFrom('console_incident_templates').selectAll().orderBy('sort').orderBy('name');
  if (!includeInactive) q = q.where('active', '=', 1);
  return (await q.execute()).map(toTemplate);
}

function requireCurator(actor: Actor) {
  requireConsole(actor);
  if (!can(actor, 'console', 'curate')) throw forbidden();
  return actor;
}

async function assertCategory(db: Db, categoryId: string | null | undefined) {
  if (categoryId && !(await findCategory(db, categoryId)))
    throw new AppError('error.validation', {}, [{ path: ['categoryId'], message: 'unknown category' }]);
}

export async function createTemplate({ tx, input }: { tx: Tx; input: z.infer<typeof SaveIncidentTemplate> }) {
  requireCurator(tx.actor!);
  await assertCategory(tx.db, input.categoryId);
  const now = nowIso();
  const row = {
    id: newId(),
    name: input.name,
    title: input.title,
    description: input.description,
    category_id: input.categoryId ?? null,
    impact: input.impact,
    urgency: input.urgency,
    active: input.active ? 1 : 0,
    sort: input.sort,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('console_incident_templates').values(row).execute();
  await audit(tx, { action: 'console.template.create', entityType: 'incident_template', entityId: row.id, after: row });
  return toTemplate(row);
}

export async function updateTemplate({
  tx,
  id,
  input,
}: {
  tx: Tx;
  id: string;
  input: z.infer<typeof UpdateIncidentTemplate>;
}) {
  requireCurator(tx.actor!);
  const row = await tx.db.selectFrom('console_incident_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  await assertCategory(tx.db, input.categoryId);
  const changes = diff(row, {
    name: input.name,
    title: input.title,
    description: input.description,
    category_id: input.categoryId === undefined ? undefined : (input.categoryId ?? null),
    impact: input.impact,
    urgency: input.urgency,
    active: input.active === undefined ? undefined : input.active ? 1 : 0,
    sort: input.sort,
  });
  if (Object.keys(changes.after).length) {
    await tx.db
      .updateTable('console_incident_templates')
      .set({ ...changes.after, updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await audit(tx, { action: 'console.template.update', entityType: 'incident_template', entityId: id, ...changes });
  }
  return toTemplate({ ...row, ...changes.after } as Selectable<ConsoleIncidentTemplatesTable>);
}

// ---- presence: who else has this record open

/** A browser beats every 10 s; someone silent for longer than this has left. */
export const PRESENCE_TTL_MS = 30_000;

export async function visibleRecordRow(db: Db, actor: Actor, id: string) {
  const row = await db
    .selectFrom('work_records')
    .select(['id', 'kind', 'number'])
    .where('id', '=', id)
    .where(visibleRecords(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function beat(db: Db, actor: Actor, recordId: string, mode: 'viewing' | 'editing') {
  requireConsole(actor);
  await visibleRecordRow(db, actor, recordId);
  const now = nowIso();
  const existing = await db
    .selectFrom('console_presence')
    .select(['mode', 'seen_at', 'since'])
    .where('record_id', '=', recordId)
    .where('user_id', '=', actor.id)
    .executeTakeFirst();
  // "Since" marks when this mode began, so "editing for 5 minutes" means what it says.
  const fresh = existing && Date.parse(existing.seen_at) > Date.now() - PRESENCE_TTL_MS && existing.mode === mode;
  await db
    .insertInto('console_presence')
    .values({ record_id: recordId, user_id: actor.id, mode, since: now, seen_at: now })
    .onConflict((oc) =>
      oc.columns(['record_id', 'user_id']).doUpdateSet({ mode, seen_at: now, since: fresh ? existing.since : now }),
    )
    .execute();
  return othersOn(db, actor, recordId);
}

export async function othersOn(db: Db, actor: Actor, recordId: string) {
  const cutoff = new Date(Date.now() - PRESENCE_TTL_MS).toISOString();
  const rows = await db
    .selectFrom('console_presence')
    .innerJoin('users', 'users.id', 'console_presence.user_id')
    .select(['users.id', 'users.name', 'console_presence.mode', 'console_presence.since'])
    .where('console_presence.record_id', '=', recordId)
    .where('console_presence.user_id', '!=', actor.id)
    .where('console_presence.seen_at', '>', cutoff)
    .orderBy('console_presence.since')
    .execute();
  return { others: rows.map((r) => ({ user: { id: r.id, name: r.name }, mode: r.mode, since: r.since })) };
}

export async function leave(db: Db, actor: Actor, recordId: string) {
  await db.deleteFrom('console_presence').where('record_id', '=', recordId).where('user_id', '=', actor.id).execute();
}

export async function purgePresence(db: Db) {
  const cutoff = new Date(Date.now() - 10 * PRESENCE_TTL_MS).toISOString();
  await db.deleteFrom('console_presence').where('seen_at', '<', cutoff).execute();
}
