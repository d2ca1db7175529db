import { defineModule } from '../../platform/module.js';
import { categoryPolicy } from './category.policy.js';
import { categoryRoutes } from './category.routes.js';

export const categoriesModule = defineModule({
  name: 'categories',
  policies: [categoryPolicy],
  routes: categoryRoutes,
  errors: { 'category.parent_cycle': 400 },
});
