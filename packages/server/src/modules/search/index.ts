export { type IndexedRecord, indexImportedRecords, indexWorkRecord, reindexWorkRecords } from './record.index.js';
export { searchRoutes } from './search.routes.js';
export { searchRecords, snippetOf } from './search.service.js';
