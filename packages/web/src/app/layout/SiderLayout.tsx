import { Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { FullPageSpin } from '../session';
import { AppHeader } from './AppHeader';

export interface SiderItem {
  key: string;
  path: string;
  label: string;
  icon: React.ReactNode;
  /** Paths that also light this item up, e.g. an incident under the queue. */
  match?: (pathname: string) => boolean;
}

/** The console and admin shells: header on top, a side menu that folds away on narrow screens. */
export function SiderLayout({ items, extra }: { items: SiderItem[]; extra?: React.ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [narrow, setNarrow] = useState(false);
  const selected =
    items.find((item) => item.match?.(location.pathname)) ??
    [...items].sort((a, b) => b.path.length - a.path.length).find((item) => location.pathname.startsWith(item.path));

  const menuItems: MenuProps['items'] = items.map((item) => ({ key: item.key, icon: item.icon, label: item.label }));

  return (
    <Layout className="trellis-shell">
      <AppHeader search={Boolean(extra)} />
      <Layout>
        <Layout.Sider
          theme="light"
          breakpoint="lg"
          collapsedWidth={0}
          collapsed={collapsed}
          onCollapse={setCollapsed}
          onBreakpoint={(broken) => {
            setNarrow(broken);
            setCollapsed(broken);
          }}
          width={200}
          className="trellis-sider"
        >
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected.key] : []}
            items={menuItems}
            onClick={({ key }) => {
              const item = items.find((i) => i.key === key);
              if (item) navigate(item.path);
              if (narrow) setCollapsed(true);
            }}
            style={{ borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content className="trellis-content">
          <Suspense fallback={<FullPageSpin />}>
            {extra}
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
