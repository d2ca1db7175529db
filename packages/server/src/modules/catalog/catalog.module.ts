import { defineModule } from '../../platform/module.js';
import { catalogPolicy } from './catalog.policy.js';
import { catalogRoutes } from './catalog.routes.js';

export const catalogModule = defineModule({ name: 'catalog', policies: [catalogPolicy], routes: catalogRoutes });
