import { defineModule } from '../../platform/module.js';
import { auditRoutes } from './audit.routes.js';

export const auditModule = defineModule({ name: 'audit', routes: auditRoutes });
