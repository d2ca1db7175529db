import { FileTextOutlined, MessageOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const CannedRepliesPage = lazyPage(() => import('./pages/CannedRepliesPage'), 'CannedRepliesPage');
const TemplatesPage = lazyPage(() => import('./pages/TemplatesPage'), 'TemplatesPage');

/** The agent console's own tools: canned replies and incident templates. */
export const consoleFeature = defineFeature({
  name: 'console',
  console: [
    { path: 'replies', page: CannedRepliesPage },
    { path: 'templates', page: TemplatesPage },
  ],
  nav: [
    {
      key: 'replies',
      area: 'console',
      path: '/console/replies',
      label: 'console.replies.title',
      icon: MessageOutlined,
      order: 130,
    },
    {
      key: 'templates',
      area: 'console',
      path: '/console/templates',
      label: 'console.templates.title',
      icon: FileTextOutlined,
      order: 140,
      visible: (a) => a.viewAudit,
    },
  ],
});
