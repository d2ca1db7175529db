import { defineModule } from '../../platform/module.js';
import { datasets } from './time.datasets.js';
import { timePolicy } from './time.policy.js';
import { timeRoutes } from './time.routes.js';

export const timeTrackingModule = defineModule({
  name: 'time-tracking',
  policies: [timePolicy],
  routes: timeRoutes,
  datasets,
});
