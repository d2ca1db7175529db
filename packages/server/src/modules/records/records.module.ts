import { defineModule } from '../../platform/module.js';

export const recordsModule = defineModule({
  name: 'records',
  errors: { 'attachment.too_large': 413, 'attachment.type_not_allowed': 415 },
});
