import { ShopOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const SuppliersPage = lazyPage(() => import('./SuppliersPage'), 'SuppliersPage');

/** Suppliers and their underpinning contracts (server module `suppliers`). */
export const suppliersFeature = defineFeature({
  name: 'suppliers',
  admin: [{ path: 'suppliers', page: SuppliersPage, allow: (a) => a.administer }],
  nav: [
    {
      key: 'suppliers',
      area: 'admin',
      path: '/admin/suppliers',
      label: 'supplier.nav',
      icon: ShopOutlined,
      order: 65,
      visible: (a) => a.administer,
    },
  ],
});
