import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BookOutlined,
  BugOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudServerOutlined,
  ClusterOutlined,
  ControlOutlined,
  DesktopOutlined,
  FieldTimeOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FireOutlined,
  LikeOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  ShoppingOutlined,
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
const ReportIncidentPage = named(() => import('../features/portal/ReportIncidentPage'), 'ReportIncidentPage');
const PortalIncidentPage = named(() => import('../features/portal/PortalIncidentPage'), 'PortalIncidentPage');
const OrganizationsPage = named(() => import('../features/admin/OrganizationsPage'), 'OrganizationsPage');
const UsersPage = named(() => import('../features/admin/UsersPage'), 'UsersPage');
const GroupsPage = named(() => import('../features/admin/GroupsPage'), 'GroupsPage');
const CategoriesPage = named(() => import('../features/admin/CategoriesPage'), 'CategoriesPage');
const CalendarsPage = named(() => import('../features/sla/CalendarsPage'), 'CalendarsPage');
const SlasPage = named(() => import('../features/sla/SlasPage'), 'SlasPage');
const AuditPage = named(() => import('../features/admin/AuditPage'), 'AuditPage');
const ServicesAdminPage = named(() => import('../features/catalog/AdminPages'), 'ServicesAdminPage');
const CatalogItemsAdminPage = named(() => import('../features/catalog/AdminPages'), 'CatalogItemsAdminPage');
const CatalogPage = named(() => import('../features/catalog/PortalCatalog'), 'CatalogPage');
const RequestFormPage = named(() => import('../features/catalog/PortalCatalog'), 'RequestFormPage');
const MyRecordsPage = named(() => import('../features/requests/pages'), 'MyRecordsPage');
const PortalRequestPage = named(() => import('../features/requests/pages'), 'PortalRequestPage');
const ConsoleRequestPage = named(() => import('../features/requests/pages'), 'ConsoleRequestPage');
const RequestListPage = named(() => import('../features/requests/pages'), 'RequestListPage');
const ConsoleApprovalsPage = named(() => import('../features/requests/pages'), 'ConsoleApprovalsPage');
const MyTasksPage = named(() => import('../features/requests/pages'), 'MyTasksPage');
const CmdbArea = named(() => import('../features/cmdb/CmdbArea'), 'CmdbArea');
const AssetsArea = named(() => import('../features/assets/AssetsArea'), 'AssetsArea');
const MyAssetsPage = named(() => import('../features/assets/MyAssetsPage'), 'MyAssetsPage');
const KnowledgeListPage = named(() => import('../features/knowledge/pages/KnowledgeListPage'), 'KnowledgeListPage');
const ArticlePage = named(() => import('../features/knowledge/pages/ArticlePage'), 'ArticlePage');
const ArticleEditPage = named(() => import('../features/knowledge/pages/ArticleEditPage'), 'ArticleEditPage');
const ProblemsPage = named(() => import('../features/problems/pages/ProblemsPage'), 'ProblemsPage');
const ProblemPage = named(() => import('../features/problems/pages/ProblemPage'), 'ProblemPage');
const MajorIncidentsPage = named(() => import('../features/desk/MajorIncidentsPage'), 'MajorIncidentsPage');
const FollowupsPage = named(() => import('../features/desk/FollowupsPage'), 'FollowupsPage');
const TimeSummaryPage = named(() => import('../features/desk/TimeSummaryPage'), 'TimeSummaryPage');
const DeskSettingsPage = named(() => import('../features/desk/DeskSettingsPage'), 'DeskSettingsPage');
const ChannelsPage = named(() => import('../features/channels/ChannelsPage'), 'ChannelsPage');
const NotificationPreferencesPage = named(
  () => import('../features/channels/ChannelsPage'),
  'NotificationPreferencesPage',
);
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
  items.push({ key: 'requests', path: '/console/requests', label: t('request.nav.list'), icon: <ShoppingOutlined /> });
  items.push({ key: 'tasks', path: '/console/tasks', label: t('request.nav.tasks'), icon: <CheckSquareOutlined /> });
  items.push({
    key: 'approvals',
    path: '/console/approvals',
    label: t('request.nav.approvals'),
    icon: <AuditOutlined />,
  });
  items.push({
    key: 'cmdb',
    path: '/console/cmdb',
    label: t('cmdb.nav'),
    icon: <ClusterOutlined />,
    match: (p) => p.startsWith('/console/cmdb'),
  });
  items.push({
    key: 'assets',
    path: '/console/assets',
    label: t('assets.nav'),
    icon: <DesktopOutlined />,
    match: (p) => p.startsWith('/console/assets'),
  });
  items.push({
    key: 'kb',
    path: '/console/knowledge',
    label: t('kb.nav'),
    icon: <BookOutlined />,
    match: (p) => p.startsWith('/console/knowledge'),
  });
  items.push({
    key: 'prb',
    path: '/console/problems',
    label: t('prb.nav'),
    icon: <BugOutlined />,
    match: (p) => p.startsWith('/console/problems'),
  });
  items.push({ key: 'major', path: '/console/major', label: t('desk.nav.major'), icon: <FireOutlined /> });
  items.push({ key: 'time', path: '/console/time', label: t('desk.nav.time'), icon: <FieldTimeOutlined /> });
  if (abilities.handleFollowups)
    items.push({
      key: 'followups',
      path: '/console/followups',
      label: t('desk.nav.followups'),
      icon: <LikeOutlined />,
    });
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
      { key: 'calendars', path: '/admin/calendars', label: t('sla.nav.calendars'), icon: <CalendarOutlined /> },
      { key: 'slas', path: '/admin/slas', label: t('sla.nav.slas'), icon: <FieldTimeOutlined /> },
      { key: 'services', path: '/admin/services', label: t('catalog.nav.services'), icon: <CloudServerOutlined /> },
      { key: 'catalog', path: '/admin/catalog', label: t('catalog.nav.items'), icon: <ShoppingOutlined /> },
      { key: 'desk', path: '/admin/desk', label: t('desk.nav.settings'), icon: <ControlOutlined /> },
      { key: 'channels', path: '/admin/channels', label: t('channels.title'), icon: <MailOutlined /> },
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
        <Route index element={<MyRecordsPage />} />
        <Route path="catalog" element={<CatalogPage />} />
        <Route path="catalog/:itemId" element={<RequestFormPage />} />
        <Route path="requests/:id" element={<PortalRequestPage />} />
        <Route path="new" element={<ReportIncidentPage />} />
        <Route path="incidents/:id" element={<PortalIncidentPage />} />
        <Route path="assets" element={<MyAssetsPage />} />
        <Route path="notifications" element={<NotificationPreferencesPage />} />
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
        <Route path="requests" element={<RequestListPage />} />
        <Route path="requests/:id" element={<ConsoleRequestPage />} />
        <Route path="approvals" element={<ConsoleApprovalsPage />} />
        <Route path="tasks" element={<MyTasksPage />} />
        <Route path="cmdb/*" element={<CmdbArea />} />
        <Route path="assets/*" element={<AssetsArea />} />
        <Route path="knowledge" element={<KnowledgeListPage />} />
        <Route path="knowledge/new" element={<ArticleEditPage />} />
        <Route path="knowledge/:id" element={<ArticlePage />} />
        <Route path="knowledge/:id/edit" element={<ArticleEditPage />} />
        <Route path="problems" element={<ProblemsPage />} />
        <Route path="problems/:id" element={<ProblemPage />} />
        <Route path="major" element={<MajorIncidentsPage />} />
        <Route path="time" element={<TimeSummaryPage />} />
        <Route
          path="followups"
          element={
            <RequireSession allow={(a) => a.handleFollowups === true}>
              <FollowupsPage />
            </RequireSession>
          }
        />
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
          path="calendars"
          element={
            <RequireSession allow={(a) => a.administer}>
              <CalendarsPage />
            </RequireSession>
          }
        />
        <Route
          path="services"
          element={
            <RequireSession allow={(a) => a.administer}>
              <ServicesAdminPage />
            </RequireSession>
          }
        />
        <Route
          path="slas"
          element={
            <RequireSession allow={(a) => a.administer}>
              <SlasPage />
            </RequireSession>
          }
        />
        <Route
          path="catalog"
          element={
            <RequireSession allow={(a) => a.administer}>
              <CatalogItemsAdminPage />
            </RequireSession>
          }
        />
        <Route
          path="desk"
          element={
            <RequireSession allow={(a) => a.administer}>
              <DeskSettingsPage />
            </RequireSession>
          }
        />
        <Route
          path="channels"
          element={
            <RequireSession allow={(a) => a.administer}>
              <ChannelsPage />
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
