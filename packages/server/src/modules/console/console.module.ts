import { defineModule } from '../../platform/module.js';
import { cannedReplyPolicy, consolePolicy, savedViewPolicy } from './console.policy.js';
import { consoleRoutes } from './console.routes.js';

export const consoleModule = defineModule({
  name: 'console',
  policies: [consolePolicy, savedViewPolicy, cannedReplyPolicy],
  routes: consoleRoutes,
  errors: { 'console.not_group_member': 400 },
});
