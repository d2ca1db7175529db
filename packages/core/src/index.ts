export * from './enums.js';
export * from './i18n/index.js';
export * from './incident.state.js';
export * from './knowledge.state.js';
export * from './numbering.js';
export * from './priority.js';
export * from './problem.state.js';
export * from './schemas/index.js';
