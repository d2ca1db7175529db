import { ControlOutlined, FieldTimeOutlined, FireOutlined, LikeOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const MajorIncidentsPage = lazyPage(() => import('./MajorIncidentsPage'), 'MajorIncidentsPage');
const FollowupsPage = lazyPage(() => import('./FollowupsPage'), 'FollowupsPage');
const TimeSummaryPage = lazyPage(() => import('./TimeSummaryPage'), 'TimeSummaryPage');
const DeskSettingsPage = lazyPage(() => import('./DeskSettingsPage'), 'DeskSettingsPage');

const handlesFollowups = (a: { handleFollowups?: boolean }) => a.handleFollowups === true;

/** The service desk's supervision: major incidents, time, follow-ups, and the desk settings. */
export const deskFeature = defineFeature({
  name: 'desk',
  console: [
    { path: 'major', page: MajorIncidentsPage },
    { path: 'time', page: TimeSummaryPage },
    { path: 'followups', page: FollowupsPage, allow: handlesFollowups },
  ],
  admin: [{ path: 'desk', page: DeskSettingsPage, allow: (a) => a.administer }],
  nav: [
    { key: 'major', area: 'console', path: '/console/major', label: 'desk.nav.major', icon: FireOutlined, order: 100 },
    {
      key: 'time',
      area: 'console',
      path: '/console/time',
      label: 'desk.nav.time',
      icon: FieldTimeOutlined,
      order: 110,
    },
    {
      key: 'followups',
      area: 'console',
      path: '/console/followups',
      label: 'desk.nav.followups',
      icon: LikeOutlined,
      order: 120,
      visible: handlesFollowups,
    },
    {
      key: 'desk',
      area: 'admin',
      path: '/admin/desk',
      label: 'desk.nav.settings',
      icon: ControlOutlined,
      order: 90,
      visible: (a) => a.administer,
    },
  ],
});
