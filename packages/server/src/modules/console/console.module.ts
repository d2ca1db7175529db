import { defineModule } from '../../platform/module.js';
import { consoleRoutes } from './console.routes.js';

export const consoleModule = defineModule({
  name: 'console',
  routes: consoleRoutes,
  errors: { 'console.not_group_member': 400 },
});
