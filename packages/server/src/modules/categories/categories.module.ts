import { defineModule } from '../../platform/module.js';
import { categoryRoutes } from './category.routes.js';

export const categoriesModule = defineModule({
  name: 'categories',
  routes: categoryRoutes,
  errors: { 'category.parent_cycle': 400 },
});
