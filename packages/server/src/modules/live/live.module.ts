import { defineModule } from '../../platform/module.js';
import { liveRoutes } from './live.routes.js';

export const liveModule = defineModule({ name: 'live', routes: liveRoutes });
