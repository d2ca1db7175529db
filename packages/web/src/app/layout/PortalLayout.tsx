import { Layout } from 'antd';
import { Outlet } from 'react-router';
import { AppHeader } from './AppHeader';

/** The requester portal: one narrow column that works at phone width. */
export function PortalLayout() {
  return (
    <Layout className="trellis-shell">
      <AppHeader />
      <Layout.Content className="trellis-portal">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
