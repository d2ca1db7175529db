export { createService, listServices, serviceRegister } from './service.register.js';
export { findService } from './service.service.js';
