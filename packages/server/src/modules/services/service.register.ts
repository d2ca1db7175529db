import { CreateService, Service, UpdateService } from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { can } from '../../platform/permissions/registry.js';
import { defineRegister, registerService } from '../../platform/register.js';

/** Business services: staff see every one; a requester sees the active ones offered to their organisation. */
export const serviceRegister = defineRegister<Service, z.infer<typeof CreateService>, z.infer<typeof UpdateService>>({
  name: 'service',
  table: 'services',
  path: '/api/v1/services',
  tags: ['services'],
  schemas: { item: Service, create: CreateService, update: UpdateService },
  policy: { resource: 'service', read: 'list', write: 'manage' },
  scope: ({ actor }) =>
    can(actor, 'service', 'seeAll')
      ? null
      : (eb) =>
          eb.and([
            eb('services.active', '=', 1),
            eb.or([
              eb('services.organization_id', 'is', null),
              eb('services.organization_id', '=', actor.organizationId),
            ]),
          ]),
  refs: { ownerId: { table: 'users' }, organizationId: { table: 'organizations' } },
  order: [{ column: 'sort' }, { column: 'name_zh' }],
  search: ['code', 'name_zh', 'name_en'],
  filters: { active: { column: 'active', parse: (v) => (v === 'true' ? 1 : 0) } },
  toApi: (s) => ({
    id: s.id,
    code: s.code,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    description: s.description,
    owner: s.owner_id ? { id: s.owner_id, name: s.owner_name ?? '' } : null,
    organizationId: s.organization_id,
    active: Boolean(s.active),
    sort: s.sort,
  }),
  toRow: {
    create: (input) => ({
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      description: input.description ?? '',
      owner_id: input.ownerId ?? null,
      organization_id: input.organizationId ?? null,
      active: 1,
      sort: input.sort,
      created_at: nowIso(),
    }),
    update: (input) => ({
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      description: input.description,
      owner_id: input.ownerId === undefined ? undefined : (input.ownerId ?? null),
      organization_id: input.organizationId === undefined ? undefined : (input.organizationId ?? null),
      sort: input.sort,
      active: input.active === undefined ? undefined : Number(input.active),
    }),
  },
  lifecycle: { archive: { column: 'active', value: 0 } },
  compat: {
    listAsArray: true,
    load: (db: Db) =>
      db
        .selectFrom('services')
        .leftJoin('users', 'users.id', 'services.owner_id')
        .selectAll('services')
        .select('users.name as owner_name'),
  },
});

export const services = registerService(serviceRegister);

/** The services the actor may see, in the list's order (the catalogue offers only these). */
export const listServices = async (db: Db, actor: Actor) => (await services.list({ actor, db }, {})).items as Service[];

/** Typed entry point for seeds: the input is parsed (defaults applied) as at the route. */
export const createService = async ({ tx, input }: { tx: Tx; input: z.input<typeof CreateService> }) =>
  (await services.create(tx, CreateService.parse(input))) as Service;
