import {
  CreateOrganization,
  CreateSupportGroup,
  isStaffRole,
  Organization,
  SupportGroup,
  UpdateOrganization,
  UpdateSupportGroup,
} from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { defineRegister, type RegisterRef, registerService } from '../../platform/register.js';
import { toOrganization } from './directory.mappers.js';
import { visibleOrganizations } from './directory.policy.js';
import { membershipOf } from './directory.repository.js';

const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

/** Organisations: one provider and its customers; people outside the provider see only their own. */
export const organizationRegister = defineRegister<
  Organization,
  z.infer<typeof CreateOrganization>,
  z.infer<typeof UpdateOrganization>
>({
  name: 'organization',
  table: 'organizations',
  path: '/api/v1/organizations',
  tags: ['directory'],
  schemas: { item: Organization, create: CreateOrganization, update: UpdateOrganization },
  policy: { resource: 'organization', read: 'list', write: 'manage' },
  scope: ({ actor }) => visibleOrganizations(actor),
  order: [{ column: 'kind', direction: 'desc' }, { column: 'name' }],
  search: ['name', 'code'],
  filters: { active: { column: 'active', parse: (v) => (v === 'true' ? 1 : 0) } },
  auditOrganization: (row) => row.id,
  toApi: (row) => toOrganization(row as Parameters<typeof toOrganization>[0]),
  toRow: {
    create: (input) => ({ kind: input.kind, code: input.code, name: input.name, active: 1, created_at: nowIso() }),
    // Kind and code name the organisation for good; only its name and state change.
    update: (input) => ({ name: input.name, active: flag(input.active) }),
  },
  lifecycle: {
    archive: { column: 'active', value: 0 },
    check: async (verb, { db }, input) => {
      if (verb !== 'create') return;
      const { kind, code } = input as z.infer<typeof CreateOrganization>;
      if (kind === 'provider') {
        const provider = await db
          .selectFrom('organizations')
          .select('id')
          .where('kind', '=', 'provider')
          .executeTakeFirst();
        if (provider) throw new AppError('organization.provider_exists');
      }
      const taken = await db.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirst();
      if (taken) throw new AppError('organization.code_taken');
    },
  },
  compat: { listAsArray: true },
});

/** Members and managers of a group work on records: they must be staff. */
const staffRef: RegisterRef = { table: 'users', usable: (row) => isStaffRole(row.role) };

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** Replaces the members or served organisations the input names; returns what changed for the audit row. */
async function writeMembership(
  tx: Tx,
  groupId: string,
  input: { memberIds?: string[]; servedOrganizationIds?: string[] },
) {
  const [current] = (await membershipOf(tx.db, [groupId])).values();
  const before: Record<string, string[]> = {};
  const after: Record<string, string[]> = {};
  const memberIds = input.memberIds && [...new Set(input.memberIds)];
  if (memberIds && !sameSet(memberIds, current?.memberIds ?? [])) {
    await tx.db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    if (memberIds.length)
      await tx.db
        .insertInto('group_members')
        .values(memberIds.map((user_id) => ({ group_id: groupId, user_id })))
        .execute();
    before.member_ids = current?.memberIds ?? [];
    after.member_ids = memberIds;
  }
  const served = input.servedOrganizationIds && [...new Set(input.servedOrganizationIds)];
  if (served && !sameSet(served, current?.servedOrganizationIds ?? [])) {
    await tx.db.deleteFrom('group_organizations').where('group_id', '=', groupId).execute();
    if (served.length)
      await tx.db
        .insertInto('group_organizations')
        .values(served.map((organization_id) => ({ group_id: groupId, organization_id })))
        .execute();
    before.served_organization_ids = current?.servedOrganizationIds ?? [];
    after.served_organization_ids = served;
  }
  return Object.keys(after).length ? { before, after } : null;
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  let query = db.selectFrom('support_groups').select('id').where('name', '=', name);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw new AppError('group.name_taken');
}

/** Support groups (一线 / 二线 / 三线) with their manager, members and the organisations they serve. */
export const supportGroupRegister = defineRegister<
  SupportGroup,
  z.infer<typeof CreateSupportGroup>,
  z.infer<typeof UpdateSupportGroup>
>({
  name: 'support_group',
  table: 'support_groups',
  path: '/api/v1/groups',
  tags: ['directory'],
  schemas: { item: SupportGroup, create: CreateSupportGroup, update: UpdateSupportGroup },
  policy: { resource: 'group', read: 'list', write: 'manage' },
  refs: {
    managerId: staffRef,
    memberIds: staffRef,
    servedOrganizationIds: { table: 'organizations' },
  },
  order: [{ column: 'tier' }, { column: 'name' }],
  search: ['name'],
  filters: { active: { column: 'active', parse: (v) => (v === 'true' ? 1 : 0) } },
  expand: async (db, rows) => {
    const membership = await membershipOf(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({ ...row, ...membership.get(row.id) }));
  },
  toApi: (row) => ({
    id: row.id,
    name: row.name,
    tier: row.tier,
    description: row.description,
    managerId: row.manager_id,
    managerName: row.manager_name ?? null,
    active: row.active === 1,
    members: row.members ?? [],
    memberIds: row.memberIds ?? [],
    servedOrganizationIds: row.servedOrganizationIds ?? [],
  }),
  toRow: {
    create: (input) => ({
      name: input.name,
      tier: input.tier,
      description: input.description ?? null,
      manager_id: input.managerId ?? null,
      active: 1,
      created_at: nowIso(),
    }),
    update: (input) => ({
      name: input.name,
      tier: input.tier,
      description: input.description,
      manager_id: input.managerId,
      active: flag(input.active),
    }),
  },
  lifecycle: {
    archive: { column: 'active', value: 0 },
    check: async (_verb, { db }, input, before) => {
      const { name } = input as { name?: string };
      if (name !== undefined) await assertNameFree(db, name, before?.id);
    },
    related: (tx, id, input) => writeMembership(tx, id, input as z.infer<typeof UpdateSupportGroup>),
  },
  // The audit names written before the kit.
  compat: {
    listAsArray: true,
    auditAction: (verb) => `group.${verb}`,
    load: (db: Db) =>
      db
        .selectFrom('support_groups')
        .leftJoin('users as manager', 'manager.id', 'support_groups.manager_id')
        .selectAll('support_groups')
        .select('manager.name as manager_name'),
  },
});

/** Writes for seeds and other modules, with the same checks, audit row and event as the routes. */
export const organizations = registerService(organizationRegister);
export const supportGroups = registerService(supportGroupRegister);

/** Typed entry points for seeds and test worlds: the input is parsed (defaults applied) as at the route. */
export const createOrganization = async ({ tx, input }: { tx: Tx; input: z.input<typeof CreateOrganization> }) =>
  (await organizations.create(tx, CreateOrganization.parse(input))) as Organization;
export const createGroup = async ({ tx, input }: { tx: Tx; input: z.input<typeof CreateSupportGroup> }) =>
  (await supportGroups.create(tx, CreateSupportGroup.parse(input))) as SupportGroup;
