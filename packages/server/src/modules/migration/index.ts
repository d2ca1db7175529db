export { IMPORT_FORMATS, type ImportFormat, type ImportIssue, whereText } from './migration.model.js';
export { type ImportSummary, runImport } from './migration.service.js';
export { readExport } from './migration.sources.js';
