import { migrationMessages } from '@trellis/core/modules/migration';
import { defineModule } from '../../platform/module.js';

/**
 * Migration imports from other service desks (`trellis import`, docs/migrating.md): a command-line
 * module, no routes; it writes through the records, incidents, directory and search modules.
 */
export const migrationModule = defineModule({
  name: 'migration',
  messages: migrationMessages,
});
