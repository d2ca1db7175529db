export { DEFAULT_DETECT_OPTIONS, type DetectableIncident, detectRecurringClusters } from './problem.detect.js';
export { registerCiLoader, runDetection } from './problem.detection.js';
export { problemRoutes } from './problem.routes.js';
export * from './problem.service.js';
export { problemDetails } from './problem.service.js';
