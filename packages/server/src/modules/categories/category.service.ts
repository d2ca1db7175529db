import type { Category } from '@trellis/core';
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
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
