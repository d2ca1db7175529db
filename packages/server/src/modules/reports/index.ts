export { allDatasets, findDataset } from './reports.registry.js';
