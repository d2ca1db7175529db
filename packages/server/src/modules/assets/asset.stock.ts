import { type FormField, type SetReorderLevel, type StockMovementInput, translate } from '@trellis/core';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import { lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { checkReferences } from '../../platform/references.js';
import { ciLabel, isLocationCi } from '../cmdb/index.js';
import { raiseRequest } from '../requests/index.js';
import { RESTOCK_REF } from './stock.register.js';

const OPEN_REQUEST = ['resolved', 'archived', 'cancelled', 'closed', 'rejected', 'done'];

async function levelFor(tx: Tx, itemId: string, locationId: string) {
  const item = await tx.db.selectFrom('stock_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw notFound();
  if (!(await isLocationCi(tx.db, locationId))) throw new AppError('cmdb.not_a_location');
  await tx.db
    .insertInto('stock_levels')
    .values({ item_id: itemId, location_id: locationId, quantity: 0, reorder_level: 0, alert_record_id: null })
    .onConflict((oc) => oc.columns(['item_id', 'location_id']).doNothing())
    .execute();
  const level = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('stock_levels').selectAll().where('item_id', '=', itemId).where('location_id', '=', locationId),
  ).executeTakeFirstOrThrow();
  return { item, level };
}

export async function setReorderLevel({
  tx,
  itemId,
  input,
}: {
  tx: Tx;
  itemId: string;
  input: z.infer<typeof SetReorderLevel>;
}) {
  const { item, level } = await levelFor(tx, itemId, input.locationId);
  // A restock request needs a catalogue item that exists; which one is the desk's choice.
  await checkReferences(tx.db, input, RESTOCK_REF);
  if (input.restockItemId) {
    await tx.db
      .updateTable('stock_items')
      .set({ restock_item_id: input.restockItemId })
      .where('id', '=', itemId)
      .execute();
    item.restock_item_id = input.restockItemId;
  }
  // Without one, falling to the threshold would have nothing to raise the request on.
  if (input.reorderLevel > 0 && !item.restock_item_id)
    throw new AppError('asset.restock_item_required', {}, [
      { path: ['restockItemId'], message: translate(tx.actor?.locale ?? 'zh-CN', 'asset.restock_item_required') },
    ]);
  await tx.db
    .updateTable('stock_levels')
    .set({ reorder_level: input.reorderLevel })
    .where('item_id', '=', itemId)
    .where('location_id', '=', input.locationId)
    .execute();
  await audit(tx, {
    action: 'stock.reorder_level',
    entityType: 'stock_item',
    entityId: itemId,
    before: { reorderLevel: level.reorder_level },
    after: input,
  });
  await raiseAlertIfLow(tx, item, { ...level, reorder_level: input.reorderLevel });
}

/** Issue (领用) or restock; falling to the threshold raises one restock request until it is handled. */
export async function moveStock({
  tx,
  itemId,
  input,
}: {
  tx: Tx;
  itemId: string;
  input: z.infer<typeof StockMovementInput>;
}) {
  // Stock is issued to someone who exists and can still sign for it.
  await checkReferences(tx.db, input, { toUserId: { table: 'users', usable: (u) => u.active === 1 } });
  const { item, level } = await levelFor(tx, itemId, input.locationId);
  const delta = input.kind === 'issue' ? -input.quantity : input.quantity;
  const quantity = Number(level.quantity) + delta;
  if (quantity < 0) throw new AppError('asset.stock_insufficient', { quantity: Number(level.quantity) });
  await tx.db
    .updateTable('stock_levels')
    .set({ quantity: sql`quantity + ${delta}` })
    .where('item_id', '=', itemId)
    .where('location_id', '=', input.locationId)
    .execute();
  await tx.db
    .insertInto('stock_movements')
    .values({
      id: newId(),
      item_id: itemId,
      location_id: input.locationId,
      kind: input.kind,
      quantity: input.quantity,
      to_user_id: input.toUserId ?? null,
      actor_id: tx.actor?.id ?? null,
      note: input.note ?? '',
      at: nowIso(),
    })
    .execute();
  await audit(tx, {
    action: `stock.${input.kind}`,
    entityType: 'stock_item',
    entityId: itemId,
    before: { quantity: level.quantity },
    after: { quantity, locationId: input.locationId },
  });
  await raiseAlertIfLow(tx, item, { ...level, quantity });
}

/** What a restock request says, as read-only fields of the request. */
const RESTOCK_FORM: FormField[] = [
  { key: 'stockItem', type: 'text', labelZh: '备件耗材', labelEn: 'Spare or consumable', required: false },
  { key: 'location', type: 'text', labelZh: '库位', labelEn: 'Location', required: false },
  { key: 'quantity', type: 'number', labelZh: '现有数量', labelEn: 'On hand', required: false },
  { key: 'reorderLevel', type: 'number', labelZh: '补货阈值', labelEn: 'Reorder level', required: false },
];

async function raiseAlertIfLow(
  tx: Tx,
  item: { id: string; code: string; name: string; restock_item_id: string | null },
  level: { location_id: string; quantity: number; reorder_level: number; alert_record_id: string | null },
) {
  if (Number(level.quantity) > Number(level.reorder_level) || Number(level.reorder_level) === 0) return;
  if (level.alert_record_id) {
    const open = await tx.db
      .selectFrom('work_records')
      .select('state')
      .where('id', '=', level.alert_record_id)
      .executeTakeFirst();
    if (open && !OPEN_REQUEST.includes(open.state)) return;
  }
  const location = await ciLabel(tx.db, level.location_id);
  if (!location || !item.restock_item_id) return;
  const requester =
    tx.actor?.id ??
    (await tx.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('created_at').executeTakeFirst())
      ?.id;
  if (!requester) return;
  const params = {
    item: item.name,
    location: location.name,
    quantity: Number(level.quantity),
    reorderLevel: Number(level.reorder_level),
  };
  const record = await raiseRequest({
    tx,
    itemId: item.restock_item_id,
    requesterId: requester,
    organizationId: location.organization_id,
    title: translate('zh-CN', 'asset.stock_request_title', params),
    description: translate('en-US', 'asset.stock_request_title', params),
    form: RESTOCK_FORM,
    answers: {
      stockItem: `${item.name} (${item.code})`,
      location: location.name,
      quantity: params.quantity,
      reorderLevel: params.reorderLevel,
    },
    channel: 'monitoring',
  });
  await tx.db
    .updateTable('stock_levels')
    .set({ alert_record_id: record.id })
    .where('item_id', '=', item.id)
    .where('location_id', '=', level.location_id)
    .execute();
  tx.emit('stock.low_reached', {
    recordId: record.id,
    organizationId: location.organization_id,
    payload: { itemId: item.id, ...params },
  });
}
