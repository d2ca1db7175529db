import { defineModule } from '../../platform/module.js';

export const recordsModule = defineModule({
  name: 'records',
  errors: {
    'attachment.too_large': 413,
    'attachment.type_not_allowed': 415,
    /** The If-Match version is not the record's current one; details.currentVersion is. */
    'record.stale': 409,
  },
});
