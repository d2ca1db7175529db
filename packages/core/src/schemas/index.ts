export * from './audit.js';
export * from './auth.js';
export * from './catalog.js';
export * from './common.js';
export * from './incidents.js';
export * from './people.js';
export * from './requests.js';
export * from './services.js';
