export { ensureRequesters, importDirectory, usersByEmail } from './directory.import.js';
export { createGroup, createOrganization, organizationRegister, supportGroupRegister } from './directory.registers.js';
export { findUserByEmail } from './directory.repository.js';
export { directoryRoutes } from './directory.routes.js';
export * from './directory.service.js';
