import { defineModule } from '../../platform/module.js';
import { channels } from './index.js';

export const channelsModule = defineModule({ name: 'channels', routes: channels });
