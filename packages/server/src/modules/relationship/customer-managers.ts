import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { authorize } from '../../platform/permissions/registry.js';

/**
 * Customer managers (客户方负责人): people of a customer organisation who see that organisation's
 * complaints, survey results, contracts and reviews in the portal, and nothing of another.
 * A capability granted per person, not a role: they stay requesters for their own records.
 */
export async function customerManagerOrganization(db: Db, actor: Actor): Promise<string | null> {
  if (actor.role !== 'requester') return null;
  const row = await db
    .selectFrom('customer_managers')
    .select('organization_id')
    .where('user_id', '=', actor.id)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  return row?.organization_id ?? null;
}

export async function listCustomerManagers(db: Db, actor: Actor) {
  authorize(actor, 'complaint', 'customers');
  const rows = await db
    .selectFrom('customer_managers as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.user_id', 'u.name', 'o.id as org_id', 'o.name as org_name'])
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, organization: { id: r.org_id, name: r.org_name } }));
}

export async function grantCustomerManager({ tx, userId }: { tx: Tx; userId: string }) {
  authorize(tx.actor, 'complaint', 'customers');
  const user = await tx.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.organization_id', 'users.role', 'organizations.kind'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound();
  // A customer-side capability: the provider's own staff have their own roles.
  if (user.kind !== 'customer' || user.role !== 'requester')
    throw new AppError('error.validation', {}, [
      { path: ['userId'], message: 'only people of a customer organisation' },
    ]);
  await tx.db
    .insertInto('customer_managers')
    .values({ user_id: user.id, organization_id: user.organization_id, created_at: nowIso() })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  await audit(tx, {
    action: 'customer_manager.grant',
    entityType: 'user',
    entityId: user.id,
    organizationId: user.organization_id,
    after: { customerManager: true },
  });
}

export async function revokeCustomerManager({ tx, userId }: { tx: Tx; userId: string }) {
  authorize(tx.actor, 'complaint', 'customers');
  const deleted = await tx.db.deleteFrom('customer_managers').where('user_id', '=', userId).executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw notFound();
  await audit(tx, {
    action: 'customer_manager.revoke',
    entityType: 'user',
    entityId: userId,
    before: { customerManager: true },
  });
}
