export {
  decodeCursor,
  encodeCursor,
  newestRecordsPage,
  newestRecordsPageOfEach,
  recordTextMatches,
} from './record.cursor.js';
export * from './record.import.js';
export * from './record.kit.js';
export * from './record.repository.js';
export * from './record.service.js';
