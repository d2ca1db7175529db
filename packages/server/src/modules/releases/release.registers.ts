import { CreateDslItem, DslItem, UpdateDslItem } from '@trellis/core/modules/releases';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { defineRegister, registerService } from '../../platform/register.js';

const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
const checksumOf = (c: string) => c.replace(/^sha256:/, '');

/**
 * The definitive software library (最终软件库, GB/T 28827.1): approved packages and versions with
 * their checksum, licence and storage location. Staff read it; release managers keep it.
 */
export const dslRegister = defineRegister<DslItem, z.infer<typeof CreateDslItem>, z.infer<typeof UpdateDslItem>>({
  name: 'dsl_item',
  table: 'dsl_items',
  path: '/api/v1/dsl-items',
  tags: ['releases'],
  policy: { resource: 'dsl', read: 'list', write: 'manage' },
  schemas: { item: DslItem, create: CreateDslItem, update: UpdateDslItem },
  order: [{ column: 'name' }, { column: 'version' }],
  search: ['name', 'version', 'vendor'],
  filters: { active: { column: 'active', values: ['true', 'false'], parse: (v: string) => (v === 'true' ? 1 : 0) } },
  toApi: (row) => ({
    id: row.id,
    name: row.name,
    version: row.version,
    checksum: row.checksum,
    licence: row.licence,
    location: row.location,
    vendor: row.vendor,
    notes: row.notes,
    active: row.active === 1,
  }),
  toRow: {
    create: (input) => ({
      name: input.name,
      version: input.version,
      checksum: checksumOf(input.checksum),
      licence: input.licence,
      location: input.location,
      vendor: input.vendor,
      notes: input.notes,
      active: 1,
      created_at: nowIso(),
    }),
    update: (input) => ({
      name: input.name,
      version: input.version,
      checksum: input.checksum === undefined ? undefined : checksumOf(input.checksum),
      licence: input.licence,
      location: input.location,
      vendor: input.vendor,
      notes: input.notes,
      active: flag(input.active),
    }),
  },
  lifecycle: {
    archive: { column: 'active', value: 0 },
    check: async (_verb, ctx, input, before) => {
      const i = input as { name?: string; version?: string };
      const name = i.name ?? before?.name;
      const version = i.version ?? before?.version;
      const taken = await ctx.db
        .selectFrom('dsl_items')
        .select('id')
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (taken && taken.id !== before?.id) throw new AppError('release.dsl_duplicate');
    },
  },
});

export const dslItems = registerService(dslRegister);
