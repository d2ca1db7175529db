export { offeredServices } from './service.policy.js';
export { createService, listServices, serviceRegister } from './service.register.js';
export { findService } from './service.service.js';
