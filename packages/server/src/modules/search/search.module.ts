import { defineModule } from '../../platform/module.js';
import { searchRoutes } from './search.routes.js';

export const searchModule = defineModule({ name: 'search', routes: searchRoutes });
