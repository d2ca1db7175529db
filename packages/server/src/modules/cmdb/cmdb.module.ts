import { defineModule } from '../../platform/module.js';
import { datasets } from './cmdb.datasets.js';
import { CMDB_ERROR_STATUS } from './cmdb.errors.js';
import { cmdbRoutes } from './cmdb.routes.js';

export const cmdbModule = defineModule({ name: 'cmdb', routes: cmdbRoutes, datasets, errors: CMDB_ERROR_STATUS });
