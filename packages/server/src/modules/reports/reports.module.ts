import { defineModule } from '../../platform/module.js';
import { reportRoutes } from './reports.routes.js';

/** Reports own no tables: they serve the datasets other modules declare in their manifests. */
export const reportsModule = defineModule({ name: 'reports', routes: reportRoutes });
