import { defineModule } from '../../platform/module.js';
import { catalogPolicy } from './catalog.policy.js';
import { catalogItemRegister } from './catalog.register.js';
import { catalogRoutes } from './catalog.routes.js';

export const catalogModule = defineModule({
  name: 'catalog',
  policies: [catalogPolicy],
  registers: [catalogItemRegister],
  routes: catalogRoutes,
  errors: { 'catalog.item_not_found': 404 },
});
