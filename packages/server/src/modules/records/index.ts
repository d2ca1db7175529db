export { decodeCursor, encodeCursor } from './record.cursor.js';
export * from './record.repository.js';
export * from './record.service.js';
