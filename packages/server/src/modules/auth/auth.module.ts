import { purgeStaleDevices } from '../../platform/auth/devices.js';
import { purgeExpiredSessions } from '../../platform/auth/sessions.js';
import { defineModule } from '../../platform/module.js';
import { adminAreaPolicy, portalPolicy } from './auth.policy.js';
import { authRoutes } from './auth.routes.js';

export const authModule = defineModule({
  name: 'auth',
  policies: [portalPolicy, adminAreaPolicy],
  routes: authRoutes,
  errors: {
    /** API tokens are created by a signed-in person, never by another token. */
    'auth.token_cannot_mint': 403,
  },
  jobs: [
    { type: 'sessions.purge_expired', everyMs: 3_600_000, run: ({ db }) => purgeExpiredSessions(db) },
    { type: 'devices.purge_stale', everyMs: 86_400_000, run: ({ db }) => purgeStaleDevices(db) },
  ],
});
