export { categoryRoutes } from './category.routes.js';
export { categoryNames, createCategory, findCategory, listCategories } from './category.service.js';
