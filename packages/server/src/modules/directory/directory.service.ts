import {
  type CreateDepartment,
  type CreateUser,
  isStaffRole,
  type UpdateDepartment,
  type UpdateUser,
} from '@trellis/core';
import type { z } from 'zod';
import { audit, diff } from '../../platform/audit.js';
import { forgetUserDevices } from '../../platform/auth/devices.js';
import { hashNewPassword } from '../../platform/auth/passwords.js';
import { deleteUserSessions, revokeUserApiTokens } from '../../platform/auth/sessions.js';
import { clearAddressLocks } from '../../platform/auth/throttle.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { toDepartment, toUser } from './directory.mappers.js';
import { visibleUsers } from './directory.policy.js';
import {
  findUserByEmail,
  findUserRow,
  groupIdsOf,
  listGroups,
  organizationsServedBy,
  selectUsers,
} from './directory.repository.js';

type In<T extends z.ZodType> = z.infer<T>;

/** Builds the acting person from the database: role, groups, the organisations they serve. */
export async function loadActor(db: Db, userId: string, ip?: string | null): Promise<Actor | null> {
  // One query for the person, their organisation and department: this runs on every request.
  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'users.id',
      'users.name',
      'users.role',
      'users.organization_id',
      'users.department_id',
      'users.locale',
      'users.active',
      'organizations.active as organization_active',
      'departments.share_records',
      'users.capabilities',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  // People of a deactivated organisation can no longer act, whatever their own state.
  if (!user?.active || !user.organization_active) return null;
  const groupIds = await groupIdsOf(db, user.id);
  const servedOrganizationIds = await organizationsServedBy(db, groupIds);
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    organizationId: user.organization_id,
    departmentId: user.department_id,
    locale: user.locale,
    groupIds,
    servedOrganizationIds,
    departmentShares: Boolean(user.share_records),
    capabilities: user.capabilities ? user.capabilities.split(',') : [],
    ip: ip ?? null,
  };
}

// ---- organisations and departments

export async function listDepartments(db: Db, organizationId: string) {
  const rows = await db
    .selectFrom('departments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('name')
    .execute();
  return rows.map(toDepartment);
}

export async function createDepartment({
  tx,
  organizationId,
  input,
}: {
  tx: Tx;
  organizationId: string;
  input: In<typeof CreateDepartment>;
}) {
  const org = await tx.db.selectFrom('organizations').select('id').where('id', '=', organizationId).executeTakeFirst();
  if (!org) throw notFound();
  const row = {
    id: newId(),
    organization_id: organizationId,
    name: input.name,
    share_records: Number(input.shareRecords),
    active: 1,
    created_at: nowIso(),
  };
  await tx.db.insertInto('departments').values(row).execute();
  await audit(tx, {
    action: 'department.create',
    entityType: 'department',
    entityId: row.id,
    organizationId,
    after: row,
  });
  return toDepartment(row);
}

export async function updateDepartment({
  tx,
  departmentId,
  input,
}: {
  tx: Tx;
  departmentId: string;
  input: In<typeof UpdateDepartment>;
}) {
  const before = await tx.db.selectFrom('departments').selectAll().where('id', '=', departmentId).executeTakeFirst();
  if (!before) throw notFound();
  const patch = {
    name: input.name,
    share_records: input.shareRecords === undefined ? undefined : Number(input.shareRecords),
    active: input.active === undefined ? undefined : Number(input.active),
  };
  const changes = diff(before, patch);
  if (Object.keys(changes.after).length > 0) {
    await tx.db.updateTable('departments').set(changes.after).where('id', '=', departmentId).execute();
    await audit(tx, {
      action: 'department.update',
      entityType: 'department',
      entityId: departmentId,
      organizationId: before.organization_id,
      ...changes,
    });
  }
  return toDepartment({ ...before, ...changes.after });
}

// ---- users

async function assertPlacement(db: Db, organizationId: string, departmentId: string | null | undefined, role: string) {
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'kind'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!org) throw new AppError('error.validation', {}, [{ path: ['organizationId'], message: 'unknown organization' }]);
  // Staff work for the provider; customers' people report, they do not handle records.
  if (org.kind !== 'provider' && isStaffRole(role as never)) throw new AppError('user.staff_outside_provider');
  if (departmentId) {
    const dept = await db
      .selectFrom('departments')
      .select('organization_id')
      .where('id', '=', departmentId)
      .executeTakeFirst();
    if (!dept || dept.organization_id !== organizationId) throw new AppError('user.department_mismatch');
  }
}

/** A manager must be an active person other than the user. */
async function checkedManager(db: Db, userId: string | null, managerId: string | null | undefined) {
  if (!managerId) return null;
  if (managerId === userId) throw new AppError('request.manager_cycle');
  const manager = await findUserRow(db, managerId);
  if (!manager?.active) throw new AppError('error.validation', {}, [{ path: ['managerId'], message: 'unknown user' }]);
  return managerId;
}

/** One person; with `visibleTo`, someone outside that actor's directory scope is not found. */
export async function getUser(db: Db, userId: string, visibleTo?: Actor) {
  let query = selectUsers(db).where('users.id', '=', userId);
  if (visibleTo) query = query.where(visibleUsers(visibleTo));
  const row = await query.executeTakeFirst();
  if (!row) throw notFound();
  return toUser(row);
}

export async function createUser({ tx, input }: { tx: Tx; input: In<typeof CreateUser> }) {
  const email = input.email.trim().toLowerCase();
  if (await findUserByEmail(tx.db, email)) throw new AppError('user.email_taken');
  await assertPlacement(tx.db, input.organizationId, input.departmentId, input.role);
  const now = nowIso();
  const row = {
    id: newId(),
    organization_id: input.organizationId,
    department_id: input.departmentId ?? null,
    email,
    name: input.name,
    phone: input.phone ?? null,
    role: input.role,
    locale: input.locale,
    password_hash: await hashNewPassword(input.password, { email, name: input.name }),
    manager_id: await checkedManager(tx.db, null, input.managerId),
    active: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('users').values(row).execute();
  await audit(tx, {
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    organizationId: row.organization_id,
    after: row,
  });
  return getUser(tx.db, row.id);
}

export async function updateUser({ tx, userId, input }: { tx: Tx; userId: string; input: In<typeof UpdateUser> }) {
  const before = await findUserRow(tx.db, userId);
  if (!before) throw notFound();
  const role = input.role ?? before.role;
  const departmentId = input.departmentId === undefined ? before.department_id : input.departmentId;
  await assertPlacement(tx.db, before.organization_id, departmentId, role);
  const patch = {
    name: input.name,
    phone: input.phone === undefined ? undefined : input.phone,
    role: input.role,
    department_id: input.departmentId === undefined ? undefined : input.departmentId,
    active: input.active === undefined ? undefined : Number(input.active),
    manager_id: input.managerId === undefined ? undefined : await checkedManager(tx.db, userId, input.managerId),
  };
  const changes = diff(before, patch);
  const passwordHash = input.password
    ? await hashNewPassword(input.password, { email: before.email, name: input.name ?? before.name })
    : undefined;
  if (Object.keys(changes.after).length > 0 || passwordHash) {
    await tx.db
      .updateTable('users')
      .set({ ...changes.after, ...(passwordHash ? { password_hash: passwordHash } : {}), updated_at: nowIso() })
      .where('id', '=', userId)
      .execute();
    // A password reset or a deactivation means someone should lose access: every session and every
    // API token goes, or a token minted by whoever had the old password would outlive it.
    const cutOff = Boolean(passwordHash) || (input.active === false && Boolean(before.active));
    const tokensRevoked = cutOff ? await revokeUserApiTokens(tx.db, userId) : 0;
    if (cutOff) {
      await deleteUserSessions(tx.db, userId);
      // No browser stays trusted; and a new password starts with no locks, so its owner can use it.
      await forgetUserDevices(tx.db, userId);
      if (passwordHash) await clearAddressLocks(tx.db, before.email);
    }
    await audit(tx, {
      action: passwordHash ? 'user.update_with_password' : 'user.update',
      entityType: 'user',
      entityId: userId,
      organizationId: before.organization_id,
      before: changes.before,
      after: tokensRevoked ? { ...changes.after, revoked_api_access: tokensRevoked } : changes.after,
    });
  }
  return getUser(tx.db, userId);
}

/** An admin lifts the sign-in locks on a person's address (the person may be locked out by someone else's attempts). */
export async function unlockSignIn({ tx, userId }: { tx: Tx; userId: string }) {
  const user = await findUserRow(tx.db, userId);
  if (!user) throw notFound();
  await clearAddressLocks(tx.db, user.email);
  await audit(tx, {
    action: 'user.unlock',
    entityType: 'user',
    entityId: userId,
    organizationId: user.organization_id,
  });
}

export async function setUserLocale({ tx, userId, locale }: { tx: Tx; userId: string; locale: 'zh-CN' | 'en-US' }) {
  const before = await findUserRow(tx.db, userId);
  if (!before) throw notFound();
  if (before.locale !== locale) {
    await tx.db.updateTable('users').set({ locale, updated_at: nowIso() }).where('id', '=', userId).execute();
    await audit(tx, {
      action: 'user.set_locale',
      entityType: 'user',
      entityId: userId,
      organizationId: before.organization_id,
      before: { locale: before.locale },
      after: { locale },
    });
  }
}

export async function searchUsers(
  db: Db,
  filter: { q?: string; role?: string; organizationId?: string; staff?: boolean; visibleTo?: Actor },
  containsInsensitive: (
    column: 'users.name' | 'users.email',
    needle: string,
  ) => import('kysely').Expression<import('kysely').SqlBool>,
) {
  let query = selectUsers(db).orderBy('users.name').limit(200);
  if (filter.visibleTo) query = query.where(visibleUsers(filter.visibleTo));
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([containsInsensitive('users.name', q), containsInsensitive('users.email', q)]));
  }
  if (filter.role) query = query.where('users.role', '=', filter.role as never);
  if (filter.organizationId) query = query.where('users.organization_id', '=', filter.organizationId);
  if (filter.staff !== undefined) {
    query = query.where('users.role', filter.staff ? '!=' : '=', 'requester');
  }
  return (await query.execute()).map(toUser);
}

// ---- support groups

export async function getGroups(db: Db, ids?: string[]) {
  return listGroups(db, ids);
}

export async function updateProfile({
  tx,
  userId,
  name,
  phone,
}: {
  tx: Tx;
  userId: string;
  name?: string;
  phone?: string | null;
}) {
  const before = await findUserRow(tx.db, userId);
  if (!before) throw notFound();
  const changes = diff(before, { name, phone });
  if (Object.keys(changes.after).length === 0) return;
  await tx.db
    .updateTable('users')
    .set({ ...changes.after, updated_at: nowIso() })
    .where('id', '=', userId)
    .execute();
  await audit(tx, {
    action: 'user.update_self',
    entityType: 'user',
    entityId: userId,
    organizationId: before.organization_id,
    ...changes,
  });
}

// ---- capabilities granted alongside the role (docs/decisions/0002)

/** The person's capabilities (change manager, CAB member…), as granted. */
export async function capabilitiesOf(db: Db, userId: string): Promise<string[]> {
  const row = await db.selectFrom('users').select('capabilities').where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound();
  return row.capabilities ? row.capabilities.split(',') : [];
}

/** Grants exactly these capabilities; audited. The module that defines a capability decides who may grant it. */
export async function setCapabilities(tx: Tx, userId: string, capabilities: readonly string[]): Promise<string[]> {
  const before = await capabilitiesOf(tx.db, userId);
  const after = [...new Set(capabilities)].sort();
  await tx.db
    .updateTable('users')
    .set({ capabilities: after.join(','), updated_at: nowIso() })
    .where('id', '=', userId)
    .execute();
  await audit(tx, {
    action: 'user.capabilities',
    entityType: 'user',
    entityId: userId,
    before: { capabilities: before },
    after: { capabilities: after },
  });
  return after;
}

/** People holding a capability (active ones only). */
export async function usersWithCapability(db: Db, capability: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'capabilities'])
    .where('active', '=', 1)
    .where('capabilities', 'like', `%${capability}%`)
    .execute();
  return rows.filter((r) => r.capabilities.split(',').includes(capability)).map((r) => r.id);
}
