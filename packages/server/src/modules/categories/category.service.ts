import type { Category, CreateCategory, UpdateCategory } from '@trellis/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CategoriesTable } from './category.table.js';

const toCategory = (c: Selectable<CategoriesTable>): Category => ({
  id: c.id,
  parentId: c.parent_id,
  nameZh: c.name_zh,
  nameEn: c.name_en,
  active: Boolean(c.active),
  sort: c.sort,
  serviceId: c.service_id,
});

export async function listCategories(db: Db): Promise<Category[]> {
  return (await db.selectFrom('categories').selectAll().orderBy('sort').orderBy('name_zh').execute()).map(toCategory);
}

export async function findCategory(db: Db, id: string) {
  const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCategory(row) : null;
}

/** Names for display, e.g. in a record list, resolved once per query. */
export async function categoryNames(db: Db, ids: string[]): Promise<Map<string, { zh: string; en: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('categories').select(['id', 'name_zh', 'name_en']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { zh: r.name_zh, en: r.name_en }]));
}

async function assertParent(db: Db, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  // Walk up from the proposed parent; meeting ourselves would close a cycle.
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 100; depth++) {
    if (cursor === selfId) throw new AppError('category.parent_cycle');
    const row: { parent_id: string | null } | undefined = await db
      .selectFrom('categories')
      .select('parent_id')
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!row) {
      if (depth === 0)
        throw new AppError('error.validation', {}, [{ path: ['parentId'], message: 'unknown category' }]);
      break;
    }
    cursor = row.parent_id;
  }
}

/** A category may belong to a business service; classifying by it suggests that service. */
async function assertService(db: Db, serviceId: string | null | undefined) {
  if (!serviceId) return;
  const row = await db.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
  if (!row) throw new AppError('error.validation', {}, [{ path: ['serviceId'], message: 'unknown service' }]);
}

export async function createCategory({ tx, input }: { tx: Tx; input: z.infer<typeof CreateCategory> }) {
  await assertParent(tx.db, input.parentId);
  await assertService(tx.db, input.serviceId);
  const row = {
    id: newId(),
    parent_id: input.parentId ?? null,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    sort: input.sort,
    active: 1,
    service_id: input.serviceId ?? null,
    created_at: nowIso(),
  };
  await tx.db.insertInto('categories').values(row).execute();
  await audit(tx, { action: 'category.create', entityType: 'category', entityId: row.id, after: row });
  return toCategory(row);
}

export async function updateCategory({
  tx,
  categoryId,
  input,
}: {
  tx: Tx;
  categoryId: string;
  input: z.infer<typeof UpdateCategory>;
}) {
  const before = await tx.db.selectFrom('categories').selectAll().where('id', '=', categoryId).executeTakeFirst();
  if (!before) throw notFound();
  if (input.parentId !== undefined) await assertParent(tx.db, input.parentId, categoryId);
  await assertService(tx.db, input.serviceId);
  const changes = diff(before, {
    parent_id: input.parentId === undefined ? undefined : (input.parentId ?? null),
    name_zh: input.nameZh,
    name_en: input.nameEn,
    sort: input.sort,
    active: input.active === undefined ? undefined : Number(input.active),
    service_id: input.serviceId === undefined ? undefined : (input.serviceId ?? null),
  });
  if (Object.keys(changes.after).length) {
    await tx.db.updateTable('categories').set(changes.after).where('id', '=', categoryId).execute();
    await audit(tx, { action: 'category.update', entityType: 'category', entityId: categoryId, ...changes });
  }
  return toCategory({ ...before, ...changes.after });
}
