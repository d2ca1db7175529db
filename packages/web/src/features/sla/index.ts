import { CalendarOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const CalendarsPage = lazyPage(() => import('./CalendarsPage'), 'CalendarsPage');
const SlasPage = lazyPage(() => import('./SlasPage'), 'SlasPage');

/** Service levels: business calendars and SLAs (with OLAs, suppliers and contracts in tabs). */
export const slaFeature = defineFeature({
  name: 'sla',
  admin: [
    { path: 'calendars', page: CalendarsPage, allow: (a) => a.administer },
    { path: 'slas', page: SlasPage, allow: (a) => a.administer },
  ],
  nav: [
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
