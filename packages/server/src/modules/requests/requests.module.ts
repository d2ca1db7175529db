import { defineModule } from '../../platform/module.js';
import { REQUEST_ERROR_STATUS } from './request.errors.js';
import { requestKind } from './request.kind.js';
import { requestRoutes } from './request.routes.js';

export const requestsModule = defineModule({
  name: 'requests',
  recordKinds: [requestKind],
  routes: requestRoutes,
  errors: REQUEST_ERROR_STATUS,
});
