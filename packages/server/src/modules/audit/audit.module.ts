import { defineModule } from '../../platform/module.js';
import { auditPolicy } from './audit.policy.js';
import { auditRoutes } from './audit.routes.js';

export const auditModule = defineModule({ name: 'audit', policies: [auditPolicy], routes: auditRoutes });
