import { Category, CreateCategory, UpdateCategory } from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { defineRegister, registerService } from '../../platform/register.js';

/** Walks up from the proposed parent; meeting the category itself would close a cycle. */
async function assertNoCycle(db: Db, parentId: string | null | undefined, selfId: string) {
  let cursor: string | null = parentId ?? null;
  for (let depth = 0; cursor && depth < 100; depth++) {
    if (cursor === selfId) throw new AppError('category.parent_cycle');
    const row: { parent_id: string | null } | undefined = await db
      .selectFrom('categories')
      .select('parent_id')
      .where('id', '=', cursor)
      .executeTakeFirst();
    cursor = row?.parent_id ?? null;
  }
}

/** Incident categories: a tree, each node possibly belonging to a business service (classifying by it suggests that service). */
export const categoryRegister = defineRegister<
  Category,
  z.infer<typeof CreateCategory>,
  z.infer<typeof UpdateCategory>
>({
  name: 'category',
  table: 'categories',
  path: '/api/v1/categories',
  tags: ['categories'],
  schemas: { item: Category, create: CreateCategory, update: UpdateCategory },
  policy: { resource: 'category', read: 'list', write: 'manage' },
  refs: { parentId: { table: 'categories' }, serviceId: { table: 'services' } },
  order: [{ column: 'sort' }, { column: 'name_zh' }],
  search: ['name_zh', 'name_en'],
  filters: { active: { column: 'active', parse: (v) => (v === 'true' ? 1 : 0) } },
  toApi: (c) => ({
    id: c.id,
    parentId: c.parent_id,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    active: Boolean(c.active),
    sort: c.sort,
    serviceId: c.service_id,
  }),
  toRow: {
    create: (input) => ({
      parent_id: input.parentId ?? null,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      sort: input.sort,
      active: 1,
      service_id: input.serviceId ?? null,
      created_at: nowIso(),
    }),
    update: (input) => ({
      parent_id: input.parentId === undefined ? undefined : (input.parentId ?? null),
      name_zh: input.nameZh,
      name_en: input.nameEn,
      sort: input.sort,
      active: input.active === undefined ? undefined : Number(input.active),
      service_id: input.serviceId === undefined ? undefined : (input.serviceId ?? null),
    }),
  },
  lifecycle: {
    archive: { column: 'active', value: 0 },
    // A new category has no children yet, so only a move can close a cycle.
    check: async (verb, { db }, input, before) => {
      const { parentId } = input as { parentId?: string | null };
      if (verb === 'update' && before && parentId !== undefined) await assertNoCycle(db, parentId, before.id);
    },
  },
  compat: { listAsArray: true },
});

export const categories = registerService(categoryRegister);

/** Typed entry point for seeds and test worlds: the input is parsed (defaults applied) as at the route. */
export const createCategory = async ({ tx, input }: { tx: Tx; input: z.input<typeof CreateCategory> }) =>
  (await categories.create(tx, CreateCategory.parse(input))) as Category;
