export { listQueue } from './console.queue.js';
export { consoleRoutes } from './console.routes.js';
