export { categoryRegister, createCategory } from './category.register.js';
export { categoryNames, findCategory } from './category.service.js';
