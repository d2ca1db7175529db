import { CalendarOutlined, FieldTimeOutlined, LineChartOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const CalendarsPage = lazyPage(() => import('./CalendarsPage'), 'CalendarsPage');
const SlasPage = lazyPage(() => import('./SlasPage'), 'SlasPage');
const SlaReportPage = lazyPage(() => import('./SlaReportPage'), 'SlaReportPage');

/**
 * Service levels: business calendars and SLAs (with OLAs, suppliers and contracts in tabs) for
 * admins; breaches and compliance in the console for whoever the API serves them to.
 */
export const slaFeature = defineFeature({
  name: 'sla',
  console: [{ path: 'sla-report', page: SlaReportPage, allow: (_, can) => can('sla.list') }],
  admin: [
    { path: 'calendars', page: CalendarsPage, allow: (a) => a.administer },
    { path: 'slas', page: SlasPage, allow: (a) => a.administer },
  ],
  nav: [
    {
      key: 'sla-report',
      area: 'console',
      path: '/console/sla-report',
      label: 'sla.nav.report',
      icon: LineChartOutlined,
      order: 115,
      visible: (_, can) => can('sla.list'),
    },
    {
      key: 'calendars',
      area: 'admin',
      path: '/admin/calendars',
      label: 'sla.nav.calendars',
      icon: CalendarOutlined,
      order: 50,
      visible: (a) => a.administer,
    },
    {
      key: 'slas',
      area: 'admin',
      path: '/admin/slas',
      label: 'sla.nav.slas',
      icon: FieldTimeOutlined,
      order: 60,
      visible: (a) => a.administer,
    },
  ],
});
