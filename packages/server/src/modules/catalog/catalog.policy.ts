import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';
import { offeredServices } from '../services/index.js';

/** What decides whether someone sees a catalogue item: its own state and offer, and its service's. */
export interface CatalogItemSubject {
  active: boolean;
  /** Empty: offered to every organisation that may use the service. */
  organizationIds: readonly string[];
  service: { active: boolean; organizationId: string | null };
}

/**
 * Admins see every item (inactive ones too). Staff, who submit on behalf of others, see every active
 * item of an active service. A requester sees an active item when its service is offered to their
 * organisation and the item is too.
 */
const canViewItem = (a: Actor, item: CatalogItemSubject) =>
  isAdmin(a) ||
  (item.active &&
    item.service.active &&
    (isStaff(a) ||
      ((item.service.organizationId === null || item.service.organizationId === a.organizationId) &&
        (item.organizationIds.length === 0 || item.organizationIds.includes(a.organizationId)))));

/** The SQL twin of `view`. */
export function visibleCatalogItems(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'catalog_items'>): Expression<SqlBool> => {
    if (isAdmin(actor)) return eb.lit(true);
    const services = eb
      .selectFrom('services')
      .select('services.id')
      .where(isStaff(actor) ? (s) => s('services.active', '=', 1) : offeredServices(actor));
    const conditions = [eb('catalog_items.active', '=', 1), eb('catalog_items.service_id', 'in', services)];
    if (!isStaff(actor)) {
      const offers = () =>
        eb
          .selectFrom('catalog_item_organizations as offer')
          .select('offer.item_id')
          .whereRef('offer.item_id', '=', 'catalog_items.id');
      conditions.push(
        eb.or([
          eb.not(eb.exists(offers())),
          eb.exists(offers().where('offer.organization_id', '=', actor.organizationId)),
        ]),
      );
    }
    return eb.and(conditions);
  };
}

/**
 * Catalogue items belong to business services: whoever manages services manages the catalogue
 * (and sees inactive items). Everyone lists the items they may request.
 */
export const catalogPolicy = definePolicy('catalog', {
  actions: { list: () => true, manage: isAdmin, orderForAnyone: isStaff, view: canViewItem },
  global: ['list', 'manage', 'orderForAnyone'],
  scope: {
    table: 'catalog_items',
    where: visibleCatalogItems,
    subjectOf: async (row, db) => {
      const [service, offers] = await Promise.all([
        db
          .selectFrom('services')
          .select(['active', 'organization_id'])
          .where('id', '=', row.service_id)
          .executeTakeFirstOrThrow(),
        db.selectFrom('catalog_item_organizations').select('organization_id').where('item_id', '=', row.id).execute(),
      ]);
      return {
        active: row.active === 1,
        organizationIds: offers.map((o) => o.organization_id),
        service: { active: service.active === 1, organizationId: service.organization_id },
      };
    },
  },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    catalog: typeof catalogPolicy;
  }
}
