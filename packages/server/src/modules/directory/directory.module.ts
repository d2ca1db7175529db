import { defineModule } from '../../platform/module.js';
import { groupPolicy, organizationPolicy, userPolicy } from './directory.policy.js';
import { organizationRegister, supportGroupRegister } from './directory.registers.js';
import { directoryRoutes } from './directory.routes.js';

export const directoryModule = defineModule({
  name: 'directory',
  policies: [organizationPolicy, userPolicy, groupPolicy],
  routes: directoryRoutes,
  registers: [organizationRegister, supportGroupRegister],
  errors: {
    'user.email_taken': 409,
    'user.department_mismatch': 400,
    'user.staff_outside_provider': 400,
    'organization.provider_exists': 409,
    'organization.code_taken': 409,
    'group.name_taken': 409,
  },
});
