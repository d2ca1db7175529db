export * from './catalog.form.js';
export * from './enums.js';
export * from './i18n/index.js';
export * from './incident.state.js';
export * from './numbering.js';
export * from './priority.js';
export * from './request.state.js';
export * from './schemas/index.js';
