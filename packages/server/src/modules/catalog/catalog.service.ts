import {
  type CatalogItem,
  type CreateCatalogItem,
  checkFormDefinition,
  type FormField,
  type Locale,
  type MessageKey,
  translate,
  type UpdateCatalogItem,
} from '@trellis/core';
import type { Selectable } from 'kysely';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { can } from '../../platform/permissions/registry.js';
import { getGroups, getUser } from '../directory/index.js';
import { findService, listServices } from '../services/index.js';
import type { CatalogItemsTable } from './catalog.table.js';

type Row = Selectable<CatalogItemsTable> & { service_name_zh: string; service_name_en: string };

const selectItems = (db: Db) =>
  db
    .selectFrom('catalog_items')
    .innerJoin('services', 'services.id', 'catalog_items.service_id')
    .selectAll('catalog_items')
    .select(['services.name_zh as service_name_zh', 'services.name_en as service_name_en']);

async function organizationsOf(db: Db, itemIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (itemIds.length === 0) return map;
  const rows = await db.selectFrom('catalog_item_organizations').selectAll().where('item_id', 'in', itemIds).execute();
  for (const r of rows) map.set(r.item_id, [...(map.get(r.item_id) ?? []), r.organization_id]);
  return map;
}

const toItem = (r: Row, organizationIds: string[]): CatalogItem => ({
  id: r.id,
  serviceId: r.service_id,
  serviceNameZh: r.service_name_zh,
  serviceNameEn: r.service_name_en,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  descriptionZh: r.description_zh,
  descriptionEn: r.description_en,
  icon: r.icon,
  sort: r.sort,
  active: Boolean(r.active),
  organizationIds,
  form: JSON.parse(r.form_json),
  approvals: JSON.parse(r.approvals_json),
  stages: JSON.parse(r.stages_json),
  updatedAt: r.updated_at,
});

/** Whether the item is offered to someone of this organisation. */
export const offeredTo = (item: CatalogItem, organizationId: string) =>
  item.organizationIds.length === 0 || item.organizationIds.includes(organizationId);

/**
 * The catalogue as the caller may use it: active items of active services offered to their
 * organisation. Staff (who submit on behalf of others) see every active item; admins may ask for all.
 */
export async function listItems(
  db: Db,
  actor: Actor,
  filter: { serviceId?: string; all?: boolean } = {},
): Promise<CatalogItem[]> {
  let query = selectItems(db).orderBy('catalog_items.sort').orderBy('catalog_items.name_zh');
  if (filter.serviceId) query = query.where('catalog_items.service_id', '=', filter.serviceId);
  const everything = filter.all && can(actor, 'catalog', 'manage');
  if (!everything) query = query.where('catalog_items.active', '=', 1);
  const rows = await query.execute();
  const orgs = await organizationsOf(
    db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => toItem(r, orgs.get(r.id) ?? []));
  if (everything) return items;
  // listServices already applies the service's own offer rules (active, organisation).
  const usable = new Set((await listServices(db, actor)).filter((s) => s.active).map((s) => s.id));
  return items.filter(
    (i) => usable.has(i.serviceId) && (can(actor, 'catalog', 'orderForAnyone') || offeredTo(i, actor.organizationId)),
  );
}

export async function getItem(db: Db, id: string): Promise<CatalogItem | null> {
  const row = await selectItems(db).where('catalog_items.id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toItem(row, (await organizationsOf(db, [id])).get(id) ?? []);
}

/** An item the actor may see (and so request); anything else is "not found". */
export async function loadVisibleItem(db: Db, actor: Actor, id: string): Promise<CatalogItem> {
  const item = (await listItems(db, actor)).find((i) => i.id === id);
  if (!item) throw new AppError('catalog.item_not_found');
  return item;
}

type Definition = Pick<CatalogItem, 'form' | 'approvals' | 'stages'>;

/** Rejects a definition a request could not run: bad forms, unknown groups or approvers. */
async function checkDefinition(tx: Tx, def: Partial<Definition>, organizationIds?: string[]) {
  const locale: Locale = tx.actor?.locale ?? 'zh-CN';
  const issues: { path: (string | number)[]; message: string }[] = [];
  const say = (code: MessageKey) => translate(locale, code);
  for (const issue of checkFormDefinition((def.form ?? []) as FormField[])) {
    issues.push({ path: ['form', issue.index], message: say(issue.code) });
  }
  const groupIds = [...new Set((def.stages ?? []).flatMap((s) => s.tasks.map((t) => t.groupId)))];
  const groups = new Map((await getGroups(tx.db, groupIds)).map((g) => [g.id, g]));
  (def.stages ?? []).forEach((stage, s) => {
    stage.tasks.forEach((task, t) => {
      if (!groups.get(task.groupId)?.active)
        issues.push({ path: ['stages', s, 'tasks', t, 'groupId'], message: say('catalog.def.unknown_group') });
    });
  });
  for (const [s, step] of (def.approvals ?? []).entries()) {
    for (const [a, approver] of step.approvers.entries()) {
      if (approver.type !== 'user') continue;
      const user = await getUser(tx.db, approver.userId).catch(() => null);
      if (!user?.active)
        issues.push({ path: ['approvals', s, 'approvers', a, 'userId'], message: say('catalog.def.unknown_user') });
    }
  }
  if (organizationIds?.length) {
    const known = await tx.db.selectFrom('organizations').select('id').where('id', 'in', organizationIds).execute();
    if (known.length !== new Set(organizationIds).size)
      issues.push({ path: ['organizationIds'], message: 'unknown organization' });
  }
  if (issues.length) throw new AppError('error.validation', {}, issues);
}

async function assertService(db: Db, serviceId: string) {
  if (!(await findService(db, serviceId)))
    throw new AppError('error.validation', {}, [{ path: ['serviceId'], message: 'unknown service' }]);
}

async function setOrganizations(tx: Tx, itemId: string, organizationIds: string[]) {
  await tx.db.deleteFrom('catalog_item_organizations').where('item_id', '=', itemId).execute();
  const unique = [...new Set(organizationIds)];
  if (unique.length)
    await tx.db
      .insertInto('catalog_item_organizations')
      .values(unique.map((organization_id) => ({ item_id: itemId, organization_id })))
      .execute();
}

export async function createItem({ tx, input }: { tx: Tx; input: CreateCatalogItem }) {
  await assertService(tx.db, input.serviceId);
  await checkDefinition(tx, input, input.organizationIds);
  const now = nowIso();
  const row: Selectable<CatalogItemsTable> = {
    id: newId(),
    service_id: input.serviceId,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    description_zh: input.descriptionZh ?? '',
    description_en: input.descriptionEn ?? '',
    icon: input.icon,
    sort: input.sort,
    active: 1,
    form_json: JSON.stringify(input.form),
    approvals_json: JSON.stringify(input.approvals),
    stages_json: JSON.stringify(input.stages),
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('catalog_items').values(row).execute();
  await setOrganizations(tx, row.id, input.organizationIds);
  await audit(tx, {
    action: 'catalog_item.create',
    entityType: 'catalog_item',
    entityId: row.id,
    after: { ...row, organizationIds: input.organizationIds },
  });
  return (await getItem(tx.db, row.id)) as CatalogItem;
}

export async function updateItem({ tx, itemId, input }: { tx: Tx; itemId: string; input: UpdateCatalogItem }) {
  const before = await tx.db.selectFrom('catalog_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!before) throw new AppError('catalog.item_not_found');
  if (input.serviceId) await assertService(tx.db, input.serviceId);
  await checkDefinition(tx, input, input.organizationIds);
  const changes = diff(before, {
    service_id: input.serviceId,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    description_zh: input.descriptionZh,
    description_en: input.descriptionEn,
    icon: input.icon,
    sort: input.sort,
    active: input.active === undefined ? undefined : Number(input.active),
    form_json: input.form === undefined ? undefined : JSON.stringify(input.form),
    approvals_json: input.approvals === undefined ? undefined : JSON.stringify(input.approvals),
    stages_json: input.stages === undefined ? undefined : JSON.stringify(input.stages),
  });
  const orgsBefore = (await organizationsOf(tx.db, [itemId])).get(itemId) ?? [];
  const orgsChanged =
    input.organizationIds !== undefined &&
    [...new Set(input.organizationIds)].sort().join() !== [...orgsBefore].sort().join();
  if (Object.keys(changes.after).length || orgsChanged) {
    await tx.db
      .updateTable('catalog_items')
      .set({ ...changes.after, updated_at: nowIso() })
      .where('id', '=', itemId)
      .execute();
    if (orgsChanged) await setOrganizations(tx, itemId, input.organizationIds ?? []);
    await audit(tx, {
      action: 'catalog_item.update',
      entityType: 'catalog_item',
      entityId: itemId,
      before: { ...changes.before, ...(orgsChanged ? { organizationIds: orgsBefore } : {}) },
      after: { ...changes.after, ...(orgsChanged ? { organizationIds: input.organizationIds } : {}) },
    });
  }
  return (await getItem(tx.db, itemId)) as CatalogItem;
}
