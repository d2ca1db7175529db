import { defineModule } from '../../platform/module.js';
import { channelPolicy } from './channel.policy.js';
import { CHANNEL_REGISTERS } from './channel.registers.js';
import { notificationSubscriber, webhookSubscriber } from './channel.subscribers.js';
import { channels } from './index.js';

export const channelsModule = defineModule({
  name: 'channels',
  policies: [channelPolicy],
  routes: channels,
  subscribers: [notificationSubscriber, webhookSubscriber],
  registers: CHANNEL_REGISTERS,
});
