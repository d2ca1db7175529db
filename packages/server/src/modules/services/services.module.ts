import { defineModule } from '../../platform/module.js';
import { servicePolicy } from './service.policy.js';
import { serviceRoutes } from './service.routes.js';

export const servicesModule = defineModule({ name: 'services', policies: [servicePolicy], routes: serviceRoutes });
