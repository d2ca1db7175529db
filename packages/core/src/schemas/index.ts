export * from './audit.js';
export * from './auth.js';
export * from './common.js';
export * from './console.js';
export * from './incidents.js';
export * from './people.js';
export * from './services.js';
