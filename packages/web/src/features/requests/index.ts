import { AuditOutlined, CheckSquareOutlined, ShoppingOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const MyRecordsPage = lazyPage(() => import('./pages'), 'MyRecordsPage');
const PortalRequestPage = lazyPage(() => import('./pages'), 'PortalRequestPage');
const ConsoleRequestPage = lazyPage(() => import('./pages'), 'ConsoleRequestPage');
const RequestListPage = lazyPage(() => import('./pages'), 'RequestListPage');
const ConsoleApprovalsPage = lazyPage(() => import('./pages'), 'ConsoleApprovalsPage');
const MyTasksPage = lazyPage(() => import('./pages'), 'MyTasksPage');

/** Service requests: the requester's records (the portal's home), the agent's lists, approvals and tasks. */
export const requestsFeature = defineFeature({
  name: 'requests',
  portal: [{ page: MyRecordsPage }, { path: 'requests/:id', page: PortalRequestPage }],
  console: [
    { path: 'requests', page: RequestListPage },
    { path: 'requests/:id', page: ConsoleRequestPage },
    { path: 'approvals', page: ConsoleApprovalsPage },
    { path: 'tasks', page: MyTasksPage },
  ],
  nav: [
    {
      key: 'requests',
      area: 'console',
      path: '/console/requests',
      label: 'request.nav.list',
      icon: ShoppingOutlined,
      order: 30,
    },
    {
      key: 'tasks',
      area: 'console',
      path: '/console/tasks',
      label: 'request.nav.tasks',
      icon: CheckSquareOutlined,
      order: 40,
    },
    {
      key: 'approvals',
      area: 'console',
      path: '/console/approvals',
      label: 'request.nav.approvals',
      icon: AuditOutlined,
      order: 50,
    },
  ],
});
