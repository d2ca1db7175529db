import { defineSubscriber } from '../../platform/subscribers.js';
import { dispatchNotification, queueWebhooks, wantsNotification, wantsWebhook } from './notify.js';

/** Mail and IM robots: the record kind's `notify` map says which events and which notification. */
export const notificationSubscriber = defineSubscriber({
  name: 'channels.notify',
  on: 'all',
  wants: wantsNotification,
  handle: ({ db }, event) => dispatchNotification(db, event),
});

/** Webhooks may ask for any event of the catalogue (or all of them). */
export const webhookSubscriber = defineSubscriber({
  name: 'channels.webhooks',
  on: 'all',
  wants: wantsWebhook,
  handle: ({ db }, event) => queueWebhooks(db, event),
});
