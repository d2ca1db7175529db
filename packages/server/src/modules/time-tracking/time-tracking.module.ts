import { defineModule } from '../../platform/module.js';
import { timeRoutes } from './time.routes.js';

export const timeTrackingModule = defineModule({ name: 'time-tracking', routes: timeRoutes });
