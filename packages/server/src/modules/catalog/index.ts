export { catalogRoutes } from './catalog.routes.js';
export { createItem, getItem, listItems, loadVisibleItem, offeredTo, updateItem } from './catalog.service.js';
