import { SettingOutlined, SwapOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const ChangesPage = lazyPage(() => import('./pages/ChangesPage'), 'ChangesPage');
const ChangePage = lazyPage(() => import('./pages/ChangePage'), 'ChangePage');
const ChangeAdminPage = lazyPage(() => import('./pages/ChangeAdminPage'), 'ChangeAdminPage');

/** Change management: the list, the calendar, the CAB, and one change. */
export const changesFeature = defineFeature({
  name: 'changes',
  console: [
    { path: 'changes', page: ChangesPage, allow: (_a, can) => can('change.list') },
    { path: 'changes/:id', page: ChangePage, allow: (_a, can) => can('change.list') },
  ],
  portal: [
    { path: 'changes', page: ChangesPage, allow: (_a, can) => can('change.create') },
    { path: 'changes/:id', page: ChangePage, allow: (_a, can) => can('change.create') },
  ],
  admin: [{ path: 'changes', page: ChangeAdminPage, allow: (_a, can) => can('change.configure') }],
  nav: [
    {
      key: 'changes',
      area: 'admin',
      path: '/admin/changes',
      label: 'chg.admin',
      icon: SettingOutlined,
      order: 66,
      visible: (_a, can) => can('change.configure'),
    },
    {
      key: 'chg',
      area: 'console',
      path: '/console/changes',
      label: 'chg.nav',
      icon: SwapOutlined,
      order: 95,
      match: (p) => p.startsWith('/console/changes'),
      visible: (_a, can) => can('change.list'),
    },
  ],
});
