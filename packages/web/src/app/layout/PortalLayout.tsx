import { Layout } from 'antd';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { FullPageSpin } from '../session';
import { AppHeader } from './AppHeader';

/** The requester portal: one narrow column that works at phone width. */
export function PortalLayout() {
  return (
    <Layout className="trellis-shell">
      <AppHeader />
      <Layout.Content className="trellis-portal">
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
