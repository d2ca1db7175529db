import type { Department, Organization, User } from '@trellis/core';
import type { Selectable } from 'kysely';
import type { UserRow } from './directory.repository.js';
import type { DepartmentsTable, OrganizationsTable } from './directory.table.js';

export const toOrganization = (o: Selectable<OrganizationsTable>): Organization => ({
  id: o.id,
  kind: o.kind,
  code: o.code,
  name: o.name,
  active: Boolean(o.active),
  createdAt: o.created_at,
});

export const toDepartment = (d: Selectable<DepartmentsTable>): Department => ({
  id: d.id,
  organizationId: d.organization_id,
  name: d.name,
  shareRecords: Boolean(d.share_records),
  active: Boolean(d.active),
});

export const toUser = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  phone: u.phone,
  role: u.role,
  organizationId: u.organization_id,
  organizationName: u.organization_name,
  departmentId: u.department_id,
  departmentName: u.department_name ?? null,
  manager: u.manager_id && u.manager_name ? { id: u.manager_id, name: u.manager_name } : null,
  locale: u.locale,
  active: Boolean(u.active),
  createdAt: u.created_at,
});
