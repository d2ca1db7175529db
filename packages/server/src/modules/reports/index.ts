export { DATASETS, findDataset } from './reports.registry.js';
export { reportRoutes } from './reports.routes.js';
