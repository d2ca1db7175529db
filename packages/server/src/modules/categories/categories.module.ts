import { defineModule } from '../../platform/module.js';
import { categoryPolicy } from './category.policy.js';
import { categoryRegister } from './category.register.js';

export const categoriesModule = defineModule({
  name: 'categories',
  policies: [categoryPolicy],
  registers: [categoryRegister],
  errors: { 'category.parent_cycle': 400 },
});
