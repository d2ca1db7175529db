import { RocketOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const ReleasesPage = lazyPage(() => import('./pages/ReleasesPage'), 'ReleasesPage');
const ReleasePage = lazyPage(() => import('./pages/ReleasePage'), 'ReleasePage');
const PortalReleasesPage = lazyPage(() => import('./pages/PortalReleasesPage'), 'PortalReleasesPage');
const PortalReleasePage = lazyPage(() => import('./pages/PortalReleasesPage'), 'PortalReleasePage');

/** Release management (server module `releases`): the list, calendar and library, one release, the portal's acceptance. */
export const releasesFeature = defineFeature({
  name: 'releases',
  console: [
    { path: 'releases', page: ReleasesPage, allow: (_a, can) => can('release.list') },
    { path: 'releases/:id', page: ReleasePage, allow: (_a, can) => can('release.list') },
  ],
  portal: [
    { path: 'releases', page: PortalReleasesPage },
    { path: 'releases/:id', page: PortalReleasePage },
  ],
  nav: [
    {
      key: 'rel',
      area: 'console',
      path: '/console/releases',
      label: 'rel.nav',
      icon: RocketOutlined,
      order: 96,
      match: (p) => p.startsWith('/console/releases'),
      visible: (_a, can) => can('release.create'),
    },
  ],
});
