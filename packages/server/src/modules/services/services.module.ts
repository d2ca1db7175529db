import { defineModule } from '../../platform/module.js';
import { servicePolicy } from './service.policy.js';
import { serviceRegister } from './service.register.js';

export const servicesModule = defineModule({
  name: 'services',
  policies: [servicePolicy],
  registers: [serviceRegister],
});
