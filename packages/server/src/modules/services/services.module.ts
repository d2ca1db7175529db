import { defineModule } from '../../platform/module.js';
import { serviceRoutes } from './service.routes.js';

export const servicesModule = defineModule({ name: 'services', routes: serviceRoutes });
