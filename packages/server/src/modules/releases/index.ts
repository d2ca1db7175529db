export { releaseRoutes } from './release.routes.js';
export * from './release.service.js';
