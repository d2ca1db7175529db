import { defineModule } from '../../platform/module.js';
import { catalogRoutes } from './catalog.routes.js';

export const catalogModule = defineModule({ name: 'catalog', routes: catalogRoutes });
