export { createTrellis, type StartOptions, startTrellis, type Trellis } from './app.js';
export { type Config, loadConfig } from './platform/config.js';
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo.js';
