import type { CreateService, Service, UpdateService } from '@trellis/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { can } from '../../platform/permissions/registry.js';
import type { ServicesTable } from './service.table.js';

type Row = Selectable<ServicesTable> & { owner_name: string | null };

const toService = (s: Row): Service => ({
  id: s.id,
  code: s.code,
  nameZh: s.name_zh,
  nameEn: s.name_en,
  description: s.description,
  owner: s.owner_id ? { id: s.owner_id, name: s.owner_name ?? '' } : null,
  organizationId: s.organization_id,
  active: Boolean(s.active),
  sort: s.sort,
});

const selectServices = (db: Db) =>
  db
    .selectFrom('services')
    .leftJoin('users', 'users.id', 'services.owner_id')
    .selectAll('services')
    .select('users.name as owner_name');

/** Staff see every service; a requester sees the active ones offered to their organisation. */
export async function listServices(db: Db, actor: Actor): Promise<Service[]> {
  let query = selectServices(db).orderBy('services.sort').orderBy('services.name_zh');
  if (!can(actor, 'service', 'seeAll')) {
    query = query
      .where('services.active', '=', 1)
      .where((eb) =>
        eb.or([eb('services.organization_id', 'is', null), eb('services.organization_id', '=', actor.organizationId)]),
      );
  }
  return (await query.execute()).map(toService);
}

export async function findService(db: Db, id: string): Promise<Service | null> {
  const row = await selectServices(db).where('services.id', '=', id).executeTakeFirst();
  return row ? toService(row) : null;
}

async function assertReferences(db: Db, input: { ownerId?: string | null; organizationId?: string | null }) {
  if (input.ownerId) {
    const owner = await db.selectFrom('users').select('id').where('id', '=', input.ownerId).executeTakeFirst();
    if (!owner) throw new AppError('error.validation', {}, [{ path: ['ownerId'], message: 'unknown user' }]);
  }
  if (input.organizationId) {
    const org = await db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', input.organizationId)
      .executeTakeFirst();
    if (!org)
      throw new AppError('error.validation', {}, [{ path: ['organizationId'], message: 'unknown organization' }]);
  }
}

export async function createService({ tx, input }: { tx: Tx; input: z.infer<typeof CreateService> }) {
  await assertReferences(tx.db, input);
  const row: Selectable<ServicesTable> = {
    id: newId(),
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    description: input.description ?? '',
    owner_id: input.ownerId ?? null,
    organization_id: input.organizationId ?? null,
    active: 1,
    sort: input.sort,
    created_at: nowIso(),
  };
  await tx.db.insertInto('services').values(row).execute();
  await audit(tx, { action: 'service.create', entityType: 'service', entityId: row.id, after: row });
  return (await findService(tx.db, row.id)) as Service;
}

export async function updateService({
  tx,
  serviceId,
  input,
}: {
  tx: Tx;
  serviceId: string;
  input: z.infer<typeof UpdateService>;
}) {
  const before = await tx.db.selectFrom('services').selectAll().where('id', '=', serviceId).executeTakeFirst();
  if (!before) throw notFound();
  await assertReferences(tx.db, input);
  const changes = diff(before, {
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    description: input.description,
    owner_id: input.ownerId === undefined ? undefined : (input.ownerId ?? null),
    organization_id: input.organizationId === undefined ? undefined : (input.organizationId ?? null),
    sort: input.sort,
    active: input.active === undefined ? undefined : Number(input.active),
  });
  if (Object.keys(changes.after).length) {
    await tx.db.updateTable('services').set(changes.after).where('id', '=', serviceId).execute();
    await audit(tx, { action: 'service.update', entityType: 'service', entityId: serviceId, ...changes });
  }
  return (await findService(tx.db, serviceId)) as Service;
}
