export { catalogItemRegister, createItem, loadVisibleItem, offeredTo } from './catalog.register.js';
export { catalogRoutes } from './catalog.routes.js';
