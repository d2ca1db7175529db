import type { Db } from '../../platform/db/database.js';

export const bool = (v: number | boolean) => Boolean(v);

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findUserRow(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

const userColumns = [
  'users.id',
  'users.email',
  'users.name',
  'users.phone',
  'users.role',
  'users.organization_id',
  'users.department_id',
  'users.manager_id',
  'manager.name as manager_name',
  'users.locale',
  'users.active',
  'users.created_at',
  'organizations.name as organization_name',
  'departments.name as department_name',
] as const;

export function selectUsers(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('users as manager', 'manager.id', 'users.manager_id')
    .select(userColumns);
}

export type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

export async function groupIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.group_id);
}

export async function organizationsServedBy(db: Db, groupIds: string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_organizations')
    .innerJoin('support_groups', 'support_groups.id', 'group_organizations.group_id')
    .select('group_organizations.organization_id')
    .distinct()
    .where('group_organizations.group_id', 'in', groupIds)
    .where('support_groups.active', '=', 1)
    .execute();
  return rows.map((r) => r.organization_id);
}

/** Each group's members (by name) and the organisations it serves, in two queries for any number of groups. */
export async function membershipOf(db: Db, groupIds: string[]) {
  const [members, served] = groupIds.length
    ? await Promise.all([
        db
          .selectFrom('group_members')
          .innerJoin('users', 'users.id', 'group_members.user_id')
          .select(['group_members.group_id', 'users.id', 'users.name'])
          .where('group_members.group_id', 'in', groupIds)
          .orderBy('users.name')
          .execute(),
        db
          .selectFrom('group_organizations')
          .select(['group_id', 'organization_id'])
          .where('group_id', 'in', groupIds)
          .execute(),
      ])
    : [[], []];
  return new Map(
    groupIds.map((id) => {
      const mine = members.filter((m) => m.group_id === id);
      return [
        id,
        {
          members: mine.map((m) => ({ id: m.id, name: m.name })),
          memberIds: mine.map((m) => m.id),
          servedOrganizationIds: served.filter((s) => s.group_id === id).map((s) => s.organization_id),
        },
      ];
    }),
  );
}

export async function listGroups(db: Db, ids?: string[]) {
  let query = db
    .selectFrom('support_groups')
    .leftJoin('users as manager', 'manager.id', 'support_groups.manager_id')
    .select([
      'support_groups.id',
      'support_groups.name',
      'support_groups.tier',
      'support_groups.description',
      'support_groups.manager_id',
      'support_groups.active',
      'manager.name as manager_name',
    ])
    .orderBy('support_groups.tier')
    .orderBy('support_groups.name');
  if (ids) query = query.where('support_groups.id', 'in', ids.length ? ids : ['']);
  const groups = await query.execute();
  const membership = await membershipOf(
    db,
    groups.map((g) => g.id),
  );
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    tier: g.tier as 1 | 2 | 3,
    description: g.description,
    managerId: g.manager_id,
    managerName: g.manager_name,
    active: bool(g.active),
    ...membership.get(g.id)!,
  }));
}
