import { CloudServerOutlined, ShoppingOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '../../app/feature';

const ServicesAdminPage = lazyPage(() => import('./AdminPages'), 'ServicesAdminPage');
const CatalogItemsAdminPage = lazyPage(() => import('./AdminPages'), 'CatalogItemsAdminPage');
const CatalogPage = lazyPage(() => import('./PortalCatalog'), 'CatalogPage');
const RequestFormPage = lazyPage(() => import('./PortalCatalog'), 'RequestFormPage');

/** The service catalogue: browsing and ordering in the portal, services and items in admin. */
export const catalogFeature = defineFeature({
  name: 'catalog',
  portal: [
    { path: 'catalog', page: CatalogPage },
    { path: 'catalog/:itemId', page: RequestFormPage },
  ],
  admin: [
    { path: 'services', page: ServicesAdminPage, allow: (a) => a.administer },
    { path: 'catalog', page: CatalogItemsAdminPage, allow: (a) => a.administer },
  ],
  nav: [
    {
      key: 'services',
      area: 'admin',
      path: '/admin/services',
      label: 'catalog.nav.services',
      icon: CloudServerOutlined,
      order: 70,
      visible: (a) => a.administer,
    },
    {
      key: 'catalog',
      area: 'admin',
      path: '/admin/catalog',
      label: 'catalog.nav.items',
      icon: ShoppingOutlined,
      order: 80,
      visible: (a) => a.administer,
    },
  ],
});
