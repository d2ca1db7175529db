import { MailOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const ChannelsPage = lazyPage(() => import('./ChannelsPage'), 'ChannelsPage');
const NotificationPreferencesPage = lazyPage(() => import('./ChannelsPage'), 'NotificationPreferencesPage');

/** Mail, robots, webhooks and integrations in admin; each person's notification preferences in the portal. */
export const channelsFeature = defineFeature({
  name: 'channels',
  portal: [{ path: 'notifications', page: NotificationPreferencesPage }],
  admin: [{ path: 'channels', page: ChannelsPage, allow: (a) => a.administer }],
  nav: [
    {
      key: 'channels',
      area: 'admin',
      path: '/admin/channels',
      label: 'channels.title',
      icon: MailOutlined,
      order: 100,
      visible: (a) => a.administer,
    },
  ],
});
