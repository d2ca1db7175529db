import { CreateStockItem, type Locale, StockItem, UpdateStockItem } from '@trellis/core';
import { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Reference } from '../../platform/references.js';
import { defineRegister, registerService } from '../../platform/register.js';
import { getItem } from '../catalog/index.js';
import { ciNames } from '../cmdb/index.js';

/** The catalogue item a stock item's restock requests are raised on; the reorder-level route checks it too. */
export const RESTOCK_REF: Record<'restockItemId', Reference> = { restockItemId: { table: 'catalog_items' } };

/** Each item's levels per location and its restock item's names, for a page of items in one pass. */
async function withLevels(db: Db, rows: Record<string, unknown>[]) {
  const restockIds = [...new Set(rows.map((r) => r.restock_item_id).filter((x): x is string => !!x))];
  const restock = new Map<string, { id: string; nameZh: string; nameEn: string }>();
  for (const id of restockIds) {
    const item = await getItem(db, id);
    if (item) restock.set(id, { id, nameZh: item.nameZh, nameEn: item.nameEn });
  }
  const levels = rows.length
    ? await db
        .selectFrom('stock_levels')
        .leftJoin('work_records', 'work_records.id', 'stock_levels.alert_record_id')
        .selectAll('stock_levels')
        .select(['work_records.number as alert_number'])
        .where(
          'stock_levels.item_id',
          'in',
          rows.map((r) => r.id as string),
        )
        .execute()
    : [];
  const names = await ciNames(
    db,
    levels.map((l) => l.location_id),
  );
  return rows.map((row) => ({
    ...row,
    restockItem: row.restock_item_id ? (restock.get(row.restock_item_id as string) ?? null) : null,
    levels: levels
      .filter((l) => l.item_id === row.id)
      .map((l) => ({
        location: { id: l.location_id, name: names.get(l.location_id) ?? '' },
        quantity: Number(l.quantity),
        reorderLevel: Number(l.reorder_level),
        low: Number(l.quantity) <= Number(l.reorder_level),
        alertRecord: l.alert_record_id ? { id: l.alert_record_id, number: l.alert_number ?? '' } : null,
      }))
      .sort((a, b) => a.location.name.localeCompare(b.location.name)),
  }));
}

/**
 * Spares and consumables (备件耗材): the items, not their stock. Issuing, restocking and reorder
 * levels are operations on the item (`asset.stock.ts`). Staff keep it, as they keep the asset register.
 * Older URLs and answers are kept: the list is a bare array, a creation answers the whole list, and
 * the audit trail says `stock.create` as it always has.
 */
export const stockItemRegister = defineRegister<
  StockItem,
  z.infer<typeof CreateStockItem>,
  z.infer<typeof UpdateStockItem>
>({
  name: 'stock_item',
  table: 'stock_items',
  path: '/api/v1/stock',
  tags: ['assets'],
  schemas: { item: StockItem, create: CreateStockItem, update: UpdateStockItem, created: z.array(StockItem) },
  policy: { resource: 'asset', read: 'read', write: 'manage' },
  refs: RESTOCK_REF,
  order: [{ column: 'code' }],
  search: ['code', 'name'],
  filters: { kind: { column: 'kind', values: ['part', 'consumable'] } },
  expand: withLevels,
  toApi: (row, { actor }) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    unit: row.unit,
    restockItem: row.restockItem
      ? { id: row.restockItem.id, name: actor.locale === 'zh-CN' ? row.restockItem.nameZh : row.restockItem.nameEn }
      : null,
    levels: row.levels ?? [],
  }),
  toRow: {
    create: (input) => ({
      code: input.code,
      name: input.name,
      kind: input.kind,
      unit: input.unit,
      restock_item_id: input.restockItemId ?? null,
      created_at: nowIso(),
    }),
    update: (input) => ({
      code: input.code,
      name: input.name,
      kind: input.kind,
      unit: input.unit,
      restock_item_id: input.restockItemId,
    }),
  },
  lifecycle: {
    // The code is what people and labels use; a second item under it is a conflict, not a new item.
    check: async (_verb, { db }, input, before) => {
      const code = (input as { code?: string }).code;
      if (code === undefined || code === before?.code) return;
      if (await db.selectFrom('stock_items').select('id').where('code', '=', code).executeTakeFirst())
        throw new AppError('error.conflict');
    },
    created: async (_api, _row, _extra, ctx) => (await stockItems.list(ctx, {})).items,
  },
  compat: { listAsArray: true, auditAction: (verb) => `stock.${verb}` },
});

export const stockItems = registerService(stockItemRegister);

/** The whole list as `locale` reads it (operations on stock answer with it, as they always have). */
export const listStock = async (db: Db, actor: Actor, locale: Locale) =>
  (await stockItems.list({ actor: { ...actor, locale }, db }, {})).items as StockItem[];

/** Typed entry point for seeds: the same checks, audit row and event as the route; answers the new id. */
export async function createStockItem({ tx, input }: { tx: Tx; input: z.input<typeof CreateStockItem> }) {
  const parsed = CreateStockItem.parse(input);
  const items = (await stockItems.create(tx, parsed)) as StockItem[];
  return items.find((item) => item.code === parsed.code)!.id;
}
