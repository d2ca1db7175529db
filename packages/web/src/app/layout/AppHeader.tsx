import {
  AppstoreOutlined,
  BellOutlined,
  DownOutlined,
  LogoutOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, type MenuProps, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { GlobalSearchBox } from '../../features/search/GlobalSearchBox';
import { useT } from '../i18n';
import { useCurrentSession, useSignOut } from '../session';
import { LanguageSwitch } from './LanguageSwitch';

interface Area {
  key: 'console' | 'portal' | 'admin';
  path: string;
  label: string;
  icon: ReactNode;
}

export function AppHeader({ leading, search }: { leading?: ReactNode; search?: boolean }) {
  const t = useT();
  const session = useCurrentSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = Boolean(screens.md);
  const { abilities, user } = session;

  const areas: Area[] = [];
  if (abilities.useConsole)
    areas.push({ key: 'console', path: '/console', label: t('nav.console'), icon: <AppstoreOutlined /> });
  if (abilities.usePortal)
    areas.push({ key: 'portal', path: '/portal', label: t('nav.portal'), icon: <UserOutlined /> });
  if (abilities.administer || abilities.viewAudit)
    areas.push({ key: 'admin', path: '/admin', label: t('nav.admin'), icon: <SettingOutlined /> });
  const current = areas.find((area) => location.pathname.startsWith(area.path))?.key;

  const doSignOut = () =>
    signOut.mutate(undefined, {
      onSettled: () => navigate('/login', { replace: true }),
    });

  const menu: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <span>
          {user.name} · {t(`role.${user.role}`)}
          <br />
          <Typography.Text type="secondary">{user.organizationName}</Typography.Text>
        </span>
      ),
    },
    ...(!wide && areas.length > 1
      ? [
          { type: 'divider' as const },
          ...areas.map((area) => ({
            key: `area-${area.key}`,
            icon: area.icon,
            label: area.label,
            onClick: () => navigate(area.path),
          })),
        ]
      : []),
    { type: 'divider' },
    {
      key: 'notifications',
      icon: <BellOutlined />,
      label: t('channels.preferences'),
      onClick: () => navigate('/portal/notifications'),
    },
    {
      key: 'sign-out',
      icon: <LogoutOutlined />,
      label: <span data-testid="sign-out">{t('header.signOut')}</span>,
      onClick: doSignOut,
    },
  ];

  return (
    <Layout.Header className="trellis-header">
      <Space size={wide ? 'middle' : 'small'} align="center" style={{ minWidth: 0 }}>
        {leading}
        <Link to="/" className="trellis-brand">
          Trellis
          {wide && <span className="trellis-brand-sub">{t('app.subtitle')}</span>}
        </Link>
        {wide && areas.length > 1 && (
          <Space size={4}>
            {areas.map((area) => (
              <Link key={area.key} to={area.path}>
                <Button
                  type={current === area.key ? 'primary' : 'text'}
                  ghost={current === area.key}
                  icon={area.icon}
                  className="trellis-area"
                >
                  {area.label}
                </Button>
              </Link>
            ))}
          </Space>
        )}
      </Space>
      <Space size={wide ? 'middle' : 'small'} align="center">
        {search && wide && <GlobalSearchBox />}
        <LanguageSwitch />
        <Dropdown menu={{ items: menu }} trigger={['click']} placement="bottomRight">
          <Button type="text" data-testid="user-menu" className="trellis-user" icon={<UserOutlined />}>
            {wide && (
              <span>
                {user.name} <Typography.Text type="secondary">· {t(`role.${user.role}`)}</Typography.Text>
              </span>
            )}
            <DownOutlined style={{ fontSize: 10 }} />
          </Button>
        </Dropdown>
      </Space>
    </Layout.Header>
  );
}
