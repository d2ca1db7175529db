import { ClusterOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const CmdbArea = lazyPage(() => import('./CmdbArea'), 'CmdbArea');

/** The configuration database; its own sub-routes live in CmdbArea. */
export const cmdbFeature = defineFeature({
  name: 'cmdb',
  console: [{ path: 'cmdb/*', page: CmdbArea }],
  nav: [
    {
      key: 'cmdb',
      area: 'console',
      path: '/console/cmdb',
      label: 'cmdb.nav',
      icon: ClusterOutlined,
      order: 60,
      match: (p) => p.startsWith('/console/cmdb'),
    },
  ],
});
