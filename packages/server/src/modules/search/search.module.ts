import { defineModule } from '../../platform/module.js';
import { indexWorkRecord } from './record.index.js';
import { searchRoutes } from './search.routes.js';

/** The fields the index reads from the core row; other changes leave the entry as it is. */
const INDEXED = ['title', 'description', 'category_id'];

export const searchModule = defineModule({
  name: 'search',
  routes: searchRoutes,
  // The index is written inside the record's own transaction, so a search never misses a commit.
  recordHooks: [
    {
      written: async (tx, before, after, changed) => {
        if (!before || INDEXED.some((k) => changed.includes(k))) await indexWorkRecord(tx, after.id);
      },
      commented: async (tx, record, visibility) => {
        if (visibility === 'public') await indexWorkRecord(tx, record.id);
      },
      contentCopied: (tx, recordId) => indexWorkRecord(tx, recordId),
    },
  ],
});
