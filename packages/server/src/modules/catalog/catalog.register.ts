import {
  CatalogItem,
  CreateCatalogItem,
  checkFormDefinition,
  type FormField,
  type MessageKey,
  translate,
  UpdateCatalogItem,
} from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { defineRegister, type RegisterContext, registerService, systemContext } from '../../platform/register.js';
import { getGroups, getUser } from '../directory/index.js';
import { visibleCatalogItems } from './catalog.policy.js';

type Definition = Partial<Pick<CatalogItem, 'form' | 'approvals' | 'stages'>>;

/**
 * A definition a request could not run is refused whole, each issue on its own path: bad forms,
 * fulfilment groups that are gone, approvers who cannot approve.
 */
async function checkDefinition({ actor, db }: RegisterContext, def: Definition) {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const say = (code: MessageKey) => translate(actor.locale, code);
  for (const issue of checkFormDefinition((def.form ?? []) as FormField[])) {
    issues.push({ path: ['form', issue.index], message: say(issue.code) });
  }
  const groupIds = [...new Set((def.stages ?? []).flatMap((s) => s.tasks.map((t) => t.groupId)))];
  const groups = new Map((await getGroups(db, groupIds)).map((g) => [g.id, g]));
  (def.stages ?? []).forEach((stage, s) => {
    stage.tasks.forEach((task, t) => {
      if (!groups.get(task.groupId)?.active)
        issues.push({ path: ['stages', s, 'tasks', t, 'groupId'], message: say('catalog.def.unknown_group') });
    });
  });
  for (const [s, step] of (def.approvals ?? []).entries()) {
    for (const [a, approver] of step.approvers.entries()) {
      if (approver.type !== 'user') continue;
      const user = await getUser(db, approver.userId).catch(() => null);
      if (!user?.active)
        issues.push({ path: ['approvals', s, 'approvers', a, 'userId'], message: say('catalog.def.unknown_user') });
    }
  }
  if (issues.length) throw new AppError('error.validation', {}, issues);
}

async function offersOf(db: Db, itemIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (itemIds.length === 0) return map;
  const rows = await db.selectFrom('catalog_item_organizations').selectAll().where('item_id', 'in', itemIds).execute();
  for (const r of rows) map.set(r.item_id, [...(map.get(r.item_id) ?? []), r.organization_id]);
  return map;
}

/** Replaces the organisations the item is offered to, when the input names them; returns what changed. */
async function writeOffers(tx: Tx, itemId: string, organizationIds: string[] | undefined) {
  if (organizationIds === undefined) return null;
  const before = (await offersOf(tx.db, [itemId])).get(itemId) ?? [];
  const after = [...new Set(organizationIds)];
  if (after.length === before.length && after.every((id) => before.includes(id))) return null;
  await tx.db.deleteFrom('catalog_item_organizations').where('item_id', '=', itemId).execute();
  if (after.length)
    await tx.db
      .insertInto('catalog_item_organizations')
      .values(after.map((organization_id) => ({ item_id: itemId, organization_id })))
      .execute();
  return { before: { organizationIds: before }, after: { organizationIds: after } };
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

/**
 * Catalogue items: what a requester may order, each with its form, approval steps and fulfilment
 * stages. Who sees which item is the catalog policy's scope (the service's offer rules and the item's
 * organisations); the list holds only orderable items (active, of an active service) unless an admin
 * asks for `all=true`.
 */
export const catalogItemRegister = defineRegister<
  CatalogItem,
  z.infer<typeof CreateCatalogItem>,
  z.infer<typeof UpdateCatalogItem>
>({
  name: 'catalog_item',
  table: 'catalog_items',
  path: '/api/v1/catalog/items',
  tags: ['catalog'],
  schemas: { item: CatalogItem, create: CreateCatalogItem, update: UpdateCatalogItem },
  policy: { resource: 'catalog', read: 'list', write: 'manage' },
  scope: ({ actor }) => visibleCatalogItems(actor),
  notFound: 'catalog.item_not_found',
  refs: { serviceId: { table: 'services' }, organizationIds: { table: 'organizations' } },
  order: [{ column: 'sort' }, { column: 'name_zh' }],
  search: ['name_zh', 'name_en'],
  filters: {
    serviceId: { column: 'service_id' },
    all: {
      values: ['true', 'false'],
      // Inactive items (and those of inactive services) only for whom the scope shows them, on asking.
      where: (value) =>
        value === 'true' ? null : (eb) => eb.and([eb('catalog_items.active', '=', 1), eb('services.active', '=', 1)]),
    },
  },
  expand: async (db, rows) => {
    const offers = await offersOf(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({ ...row, organizationIds: offers.get(row.id) ?? [] }));
  },
  toApi: (r) => ({
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
    organizationIds: r.organizationIds ?? [],
    form: JSON.parse(r.form_json),
    approvals: JSON.parse(r.approvals_json),
    stages: JSON.parse(r.stages_json),
    updatedAt: r.updated_at,
  }),
  toRow: {
    create: (input) => {
      const now = nowIso();
      return {
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
    },
    update: (input) => ({
      service_id: input.serviceId,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      description_zh: input.descriptionZh,
      description_en: input.descriptionEn,
      icon: input.icon,
      sort: input.sort,
      active: input.active === undefined ? undefined : Number(input.active),
      form_json: json(input.form),
      approvals_json: json(input.approvals),
      stages_json: json(input.stages),
    }),
  },
  lifecycle: {
    archive: { column: 'active', value: 0 },
    check: (_verb, ctx, input) => checkDefinition(ctx, input as Definition),
    related: (tx, id, input) => writeOffers(tx, id, (input as { organizationIds?: string[] }).organizationIds),
  },
  compat: {
    listAsArray: true,
    load: (db: Db) =>
      db
        .selectFrom('catalog_items')
        .innerJoin('services', 'services.id', 'catalog_items.service_id')
        .selectAll('catalog_items')
        .select(['services.name_zh as service_name_zh', 'services.name_en as service_name_en']),
  },
});

export const catalogItems = registerService(catalogItemRegister);

/** Whether the item is offered to someone of this organisation. */
export const offeredTo = (item: CatalogItem, organizationId: string) =>
  item.organizationIds.length === 0 || item.organizationIds.includes(organizationId);

/** An item the actor may see (and so request); anything else is `catalog.item_not_found`. */
export const loadVisibleItem = async (db: Db, actor: Actor, id: string) =>
  (await catalogItems.get({ actor, db }, id)) as CatalogItem;

/** Any item, whoever may see it (the system's own reads: restock requests, task stages); null when there is none. */
export const getItem = async (db: Db, id: string) =>
  (await catalogItems.find(systemContext(db), id)) as CatalogItem | null;

/** Typed entry point for seeds: the input is parsed (defaults applied) as at the route. */
export const createItem = async ({ tx, input }: { tx: Tx; input: z.input<typeof CreateCatalogItem> }) =>
  (await catalogItems.create(tx, CreateCatalogItem.parse(input))) as CatalogItem;
