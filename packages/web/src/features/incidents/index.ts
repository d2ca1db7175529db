import { AppstoreOutlined, PhoneOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const QueuePage = lazyPage(() => import('./pages/QueuePage'), 'QueuePage');
const IncidentPage = lazyPage(() => import('./pages/IncidentPage'), 'IncidentPage');
const LogCallPage = lazyPage(() => import('./pages/LogCallPage'), 'LogCallPage');

/** The agent's incident work: the queue (the console's home), an incident, logging a call. */
export const incidentsFeature = defineFeature({
  name: 'incidents',
  console: [
    { page: QueuePage },
    { path: 'incidents/:id', page: IncidentPage },
    { path: 'new', page: LogCallPage, allow: (a) => a.reportIncident },
  ],
  nav: [
    {
      key: 'queue',
      area: 'console',
      path: '/console',
      label: 'nav.workbench',
      icon: AppstoreOutlined,
      order: 10,
      match: (p) => p === '/console' || p.startsWith('/console/incidents'),
    },
    {
      key: 'new',
      area: 'console',
      path: '/console/new',
      label: 'logCall.title',
      icon: PhoneOutlined,
      order: 20,
      visible: (a) => a.reportIncident,
    },
  ],
});
