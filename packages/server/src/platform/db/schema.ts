import type { ModuleTables } from '../../modules/index.js';
import type { PlatformTables } from '../platform.table.js';
import type { SearchTables } from '../search/search.table.js';

/** Every table: the platform's, and each module's as listed in modules/index.ts. */
export interface Database extends PlatformTables, SearchTables, ModuleTables {}
