import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  MessageOutlined,
  PhoneOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { GlobalAbilities } from '@trellis/core';
import { Button, Result } from 'antd';
import { type ComponentType, lazy } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { ApiError } from './api';
import { ErrorBoundary } from './ErrorBoundary';
import { LocaleProvider, useT } from './i18n';
import { PortalLayout } from './layout/PortalLayout';
import { type SiderItem, SiderLayout } from './layout/SiderLayout';
import { FullPageSpin, homePath, RequireSession, SessionSync, useCurrentSession, useSession } from './session';

/** Each area loads on first visit, so the portal on a phone does not download the admin screens. */
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));

const QueuePage = named(() => import('../features/incidents/pages/QueuePage'), 'QueuePage');
const IncidentPage = named(() => import('../features/incidents/pages/IncidentPage'), 'IncidentPage');
const LogCallPage = named(() => import('../features/incidents/pages/LogCallPage'), 'LogCallPage');
const MyIncidentsPage = named(() => import('../features/portal/MyIncidentsPage'), 'MyIncidentsPage');
const ReportIncidentPage = named(() => import('../features/portal/ReportIncidentPage'), 'ReportIncidentPage');
const PortalIncidentPage = named(() => import('../features/portal/PortalIncidentPage'), 'PortalIncidentPage');
const OrganizationsPage = named(() => import('../features/admin/OrganizationsPage'), 'OrganizationsPage');
const UsersPage = named(() => import('../features/admin/UsersPage'), 'UsersPage');
const GroupsPage = named(() => import('../features/admin/GroupsPage'), 'GroupsPage');
const CategoriesPage = named(() => import('../features/admin/CategoriesPage'), 'CategoriesPage');
const AuditPage = named(() => import('../features/admin/AuditPage'), 'AuditPage');
const SearchPage = named(() => import('../features/search/SearchPage'), 'SearchPage');
const CannedRepliesPage = named(() => import('../features/console/pages/CannedRepliesPage'), 'CannedRepliesPage');
const TemplatesPage = named(() => import('../features/console/pages/TemplatesPage'), 'TemplatesPage');
const ConsoleRuntime = named(() => import('../features/console/components/ConsoleRuntime'), 'ConsoleRuntime');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});

const canAdminArea = (a: GlobalAbilities) => a.administer || a.viewAudit;

function Home() {
  const { data: session, isPending } = useSession();
  if (isPending) return <FullPageSpin />;
  return <Navigate to={session ? homePath(session.abilities) : '/login'} replace />;
}

function ConsoleShell() {
  const t = useT();
  const { abilities } = useCurrentSession();
  const items: SiderItem[] = [
    {
      key: 'queue',
      path: '/console',
      label: t('nav.workbench'),
      icon: <AppstoreOutlined />,
      match: (p) => p === '/console' || p.startsWith('/console/incidents'),
    },
  ];
  if (abilities.reportIncident)
    items.push({ key: 'new', path: '/console/new', label: t('logCall.title'), icon: <PhoneOutlined /> });
  items.push({
    key: 'replies',
    path: '/console/replies',
    label: t('console.replies.title'),
    icon: <MessageOutlined />,
  });
  if (abilities.viewAudit)
    items.push({
      key: 'templates',
      path: '/console/templates',
      label: t('console.templates.title'),
      icon: <FileTextOutlined />,
    });
  return <SiderLayout items={items} extra={<ConsoleRuntime />} />;
}

function AdminShell() {
  const t = useT();
  const { abilities } = useCurrentSession();
  const items: SiderItem[] = [];
  if (abilities.administer) {
    items.push(
      { key: 'orgs', path: '/admin/organizations', label: t('admin.organizations'), icon: <ApartmentOutlined /> },
      { key: 'users', path: '/admin/users', label: t('admin.users'), icon: <UserOutlined /> },
      { key: 'groups', path: '/admin/groups', label: t('admin.groups'), icon: <TeamOutlined /> },
      { key: 'categories', path: '/admin/categories', label: t('admin.categories'), icon: <TagsOutlined /> },
    );
  }
  if (abilities.viewAudit)
    items.push({ key: 'audit', path: '/admin/audit', label: t('admin.audit'), icon: <AuditOutlined /> });
  return <SiderLayout items={items} />;
}

function AdminIndex() {
  const { abilities } = useCurrentSession();
  return <Navigate to={abilities.administer ? '/admin/organizations' : '/admin/audit'} replace />;
}

function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      icon={<FileSearchOutlined style={{ color: '#1f6f5c' }} />}
      title={t('notFound.title')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/portal"
        element={
          <RequireSession allow={(a) => a.usePortal}>
            <PortalLayout />
          </RequireSession>
        }
      >
        <Route index element={<MyIncidentsPage />} />
        <Route path="new" element={<ReportIncidentPage />} />
        <Route path="incidents/:id" element={<PortalIncidentPage />} />
      </Route>
      <Route
        path="/console"
        element={
          <RequireSession allow={(a) => a.useConsole}>
            <ConsoleShell />
          </RequireSession>
        }
      >
        <Route index element={<QueuePage />} />
        <Route path="incidents/:id" element={<IncidentPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="replies" element={<CannedRepliesPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route
          path="new"
          element={
            <RequireSession allow={(a) => a.reportIncident}>
              <LogCallPage />
            </RequireSession>
          }
        />
      </Route>
      <Route
        path="/admin"
        element={
          <RequireSession allow={canAdminArea}>
            <AdminShell />
          </RequireSession>
        }
      >
        <Route index element={<AdminIndex />} />
        <Route
          path="organizations"
          element={
            <RequireSession allow={(a) => a.administer}>
              <OrganizationsPage />
            </RequireSession>
          }
        />
        <Route
          path="users"
          element={
            <RequireSession allow={(a) => a.administer}>
              <UsersPage />
            </RequireSession>
          }
        />
        <Route
          path="groups"
          element={
            <RequireSession allow={(a) => a.administer}>
              <GroupsPage />
            </RequireSession>
          }
        />
        <Route
          path="categories"
          element={
            <RequireSession allow={(a) => a.administer}>
              <CategoriesPage />
            </RequireSession>
          }
        />
        <Route
          path="audit"
          element={
            <RequireSession allow={(a) => a.viewAudit}>
              <AuditPage />
            </RequireSession>
          }
        />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <SessionSync />
        <BrowserRouter>
          <ErrorBoundary>
            <AppRoutes />
          </ErrorBoundary>
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
