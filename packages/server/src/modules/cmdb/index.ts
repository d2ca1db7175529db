export { createBaseline, impactOf } from './cmdb.analysis.js';
export {
  changeImpact,
  ciCreatedUnder,
  ciIdsByName,
  classesOfCis,
  recordsOnCis,
  relatedCis,
  versionsUnderChange,
} from './cmdb.changes.js';
export { datasets } from './cmdb.datasets.js';
export { walk } from './cmdb.impact.js';
export { type CiFact, ciFacts } from './cmdb.releases.js';
export { cmdbRoutes } from './cmdb.routes.js';
export {
  addRelation,
  ciExists,
  ciLabel,
  ciNames,
  cisOfRecords,
  createCi,
  findLocationByName,
  isLocationCi,
  linkRecordToCi,
  listLocations,
  moveCi,
  retireCi,
  updateCi,
} from './cmdb.service.js';
