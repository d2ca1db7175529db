import { defineModule } from '../../platform/module.js';
import { channelPolicy } from './channel.policy.js';
import { CHANNEL_REGISTERS } from './channel.registers.js';
import { channels } from './index.js';

export const channelsModule = defineModule({
  name: 'channels',
  policies: [channelPolicy],
  routes: channels,
  registers: CHANNEL_REGISTERS,
});
