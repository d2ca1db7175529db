import { ApartmentOutlined, AuditOutlined, TagsOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const OrganizationsPage = lazyPage(() => import('./OrganizationsPage'), 'OrganizationsPage');
const UsersPage = lazyPage(() => import('./UsersPage'), 'UsersPage');
const GroupsPage = lazyPage(() => import('./GroupsPage'), 'GroupsPage');
const CategoriesPage = lazyPage(() => import('./CategoriesPage'), 'CategoriesPage');
const AuditPage = lazyPage(() => import('./AuditPage'), 'AuditPage');

const administers = (a: { administer: boolean }) => a.administer;

/** People and structure (organisations, users, groups, categories) and the audit log. */
export const adminFeature = defineFeature({
  name: 'admin',
  admin: [
    { path: 'organizations', page: OrganizationsPage, allow: administers },
    { path: 'users', page: UsersPage, allow: administers },
    { path: 'groups', page: GroupsPage, allow: administers },
    { path: 'categories', page: CategoriesPage, allow: administers },
    { path: 'audit', page: AuditPage, allow: (a) => a.viewAudit },
  ],
  nav: [
    {
      key: 'orgs',
      area: 'admin',
      path: '/admin/organizations',
      label: 'admin.organizations',
      icon: ApartmentOutlined,
      order: 10,
      visible: administers,
    },
    {
      key: 'users',
      area: 'admin',
      path: '/admin/users',
      label: 'admin.users',
      icon: UserOutlined,
      order: 20,
      visible: administers,
    },
    {
      key: 'groups',
      area: 'admin',
      path: '/admin/groups',
      label: 'admin.groups',
      icon: TeamOutlined,
      order: 30,
      visible: administers,
    },
    {
      key: 'categories',
      area: 'admin',
      path: '/admin/categories',
      label: 'admin.categories',
      icon: TagsOutlined,
      order: 40,
      visible: administers,
    },
    {
      key: 'audit',
      area: 'admin',
      path: '/admin/audit',
      label: 'admin.audit',
      icon: AuditOutlined,
      order: 110,
      visible: (a) => a.viewAudit,
    },
  ],
});
