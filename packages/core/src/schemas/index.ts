export * from './audit.js';
export * from './auth.js';
export * from './common.js';
export * from './incidents.js';
export * from './knowledge.js';
export * from './people.js';
export * from './problems.js';
export * from './services.js';
