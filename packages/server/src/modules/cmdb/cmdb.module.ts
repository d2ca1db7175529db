import { defineModule } from '../../platform/module.js';
import { datasets } from './cmdb.datasets.js';
import { CMDB_ERROR_STATUS } from './cmdb.errors.js';
import { ciPolicy, cmdbPolicy } from './cmdb.policy.js';
import { cmdbRoutes } from './cmdb.routes.js';

export const cmdbModule = defineModule({
  name: 'cmdb',
  policies: [cmdbPolicy, ciPolicy],
  routes: cmdbRoutes,
  datasets,
  errors: CMDB_ERROR_STATUS,
});
