export { findConflicts } from './change.conflicts.js';
export { changeRoutes } from './change.routes.js';
export * from './change.service.js';
