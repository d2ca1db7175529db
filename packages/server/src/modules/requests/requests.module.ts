import { defineModule } from '../../platform/module.js';
import { REQUEST_ERROR_STATUS } from './request.errors.js';
import { requestKind } from './request.kind.js';
import { requestPolicy } from './request.policy.js';
import { requestRoutes } from './request.routes.js';

export const requestsModule = defineModule({
  name: 'requests',
  recordKinds: [requestKind],
  policies: [requestPolicy],
  routes: requestRoutes,
  errors: REQUEST_ERROR_STATUS,
});
