import { defineModule } from '../../platform/module.js';
import { datasets } from './time.datasets.js';
import { timeRoutes } from './time.routes.js';

export const timeTrackingModule = defineModule({ name: 'time-tracking', routes: timeRoutes, datasets });
