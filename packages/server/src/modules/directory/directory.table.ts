import type { Generated } from 'kysely';
export interface OrganizationsTable {
  id: string;
  kind: 'provider' | 'customer';
  code: string;
  name: string;
  active: number;
  created_at: string;
}

export interface DepartmentsTable {
  id: string;
  organization_id: string;
  name: string;
  share_records: number;
  active: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  department_id: string | null;
  email: string;
  name: string;
  phone: string | null;
  role: 'requester' | 'agent' | 'specialist' | 'service_manager' | 'admin';
  locale: 'zh-CN' | 'en-US';
  password_hash: string | null;
  /** The person's manager (直属上级), who approves their requests where an item asks for it. */
  manager_id: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  /** Capabilities granted alongside the role (docs/decisions/0002): comma-separated, e.g. `change_manager,cab_member`. */
  capabilities: Generated<string>;
}

export interface SupportGroupsTable {
  id: string;
  name: string;
  tier: number;
  description: string | null;
  manager_id: string | null;
  active: number;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

/** Which customer organisations a support group serves: the root of agent visibility. */
export interface GroupOrganizationsTable {
  group_id: string;
  organization_id: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface DirectoryTables {
  organizations: OrganizationsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  support_groups: SupportGroupsTable;
  group_members: GroupMembersTable;
  group_organizations: GroupOrganizationsTable;
}
