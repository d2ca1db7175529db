import { FileSearchOutlined } from '@ant-design/icons';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { GlobalAbilities } from '@trellis/core';
import { Button, Result } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { features } from '../features';
import { LoginPage } from '../features/auth/LoginPage';
import { ApiError } from './api';
import { ErrorBoundary } from './ErrorBoundary';
import { type AbilityCheck, type Area, lazyPage, type NavEntry, navOf, routesOf } from './feature';
import { LocaleProvider, useT } from './i18n';
import { PortalLayout } from './layout/PortalLayout';
import { type SiderItem, SiderLayout } from './layout/SiderLayout';
import { canOf, FullPageSpin, homePath, RequireSession, SessionSync, useCurrentSession, useSession } from './session';

/** Live updates, presence and shortcuts for every console page; loaded with the console, not before. */
const ConsoleRuntime = lazyPage(() => import('../features/console/components/ConsoleRuntime'), 'ConsoleRuntime');

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

/** The side menu of an area, built from the features list for this session's abilities. */
function useNav(area: NavEntry['area']): SiderItem[] {
  const t = useT();
  const session = useCurrentSession();
  return navOf(features, area, session.abilities, canOf(session)).map(({ key, path, label, icon: Icon, match }) => ({
    key,
    path,
    label: t(label),
    icon: <Icon />,
    match,
  }));
}

function ConsoleShell() {
  return <SiderLayout items={useNav('console')} extra={<ConsoleRuntime />} />;
}

function AdminShell() {
  return <SiderLayout items={useNav('admin')} />;
}

/** /admin opens the first admin page this session may see. */
function AdminIndex() {
  const items = useNav('admin');
  const { abilities } = useCurrentSession();
  return <Navigate to={items[0]?.path ?? homePath(abilities)} replace />;
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

const guard = (allow: AbilityCheck | undefined, page: ReactNode) =>
  allow ? <RequireSession allow={allow}>{page}</RequireSession> : page;

/** The pages every feature gives one area, as child routes of that area's shell. */
function areaRoutes(area: Area) {
  return routesOf(features, area).map(({ path, page: Page, allow }) =>
    path === undefined ? (
      <Route key="index" index element={guard(allow, <Page />)} />
    ) : (
      <Route key={path} path={path} element={guard(allow, <Page />)} />
    ),
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      {features.flatMap((feature) =>
        (feature.open ?? []).map(({ path, page: Page }) => (
          <Route
            key={path}
            path={path}
            element={
              <Suspense fallback={<FullPageSpin />}>
                <Page />
              </Suspense>
            }
          />
        )),
      )}
      <Route
        path="/portal"
        element={
          <RequireSession allow={(a) => a.usePortal}>
            <PortalLayout />
          </RequireSession>
        }
      >
        {areaRoutes('portal')}
      </Route>
      <Route
        path="/console"
        element={
          <RequireSession allow={(a) => a.useConsole}>
            <ConsoleShell />
          </RequireSession>
        }
      >
        {areaRoutes('console')}
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
        {areaRoutes('admin')}
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
