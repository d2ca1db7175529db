import { defineModule } from '../../platform/module.js';
import { cannedReplyPolicy } from './canned-reply.policy.js';
import { cannedReplyRegister } from './canned-reply.register.js';
import { consolePolicy, savedViewPolicy } from './console.policy.js';
import { consoleRoutes } from './console.routes.js';
import { savedViewRegister } from './saved-view.register.js';

export const consoleModule = defineModule({
  name: 'console',
  routes: consoleRoutes,
  policies: [consolePolicy, savedViewPolicy, cannedReplyPolicy],
  registers: [cannedReplyRegister, savedViewRegister],
  errors: { 'console.not_group_member': 400 },
});
