import { DesktopOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const AssetsArea = lazyPage(() => import('./AssetsArea'), 'AssetsArea');
const MyAssetsPage = lazyPage(() => import('./MyAssetsPage'), 'MyAssetsPage');

/** Asset management in the console (sub-routes in AssetsArea) and the requester's own assets. */
export const assetsFeature = defineFeature({
  name: 'assets',
  console: [{ path: 'assets/*', page: AssetsArea }],
  portal: [{ path: 'assets', page: MyAssetsPage }],
  nav: [
    {
      key: 'assets',
      area: 'console',
      path: '/console/assets',
      label: 'assets.nav',
      icon: DesktopOutlined,
      order: 70,
      match: (p) => p.startsWith('/console/assets'),
    },
  ],
});
