export { serviceRoutes } from './service.routes.js';
export { createService, findService, listServices, updateService } from './service.service.js';
