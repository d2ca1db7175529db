export { catalogItemRegister, createItem, getItem, loadVisibleItem, offeredTo } from './catalog.register.js';
export { catalogRoutes } from './catalog.routes.js';
