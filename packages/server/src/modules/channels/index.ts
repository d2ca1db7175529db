import type { App } from '../../platform/http/app.js';
import { channelRoutes } from './channel.routes.js';
import { closeTransports, deliver, flushRobot } from './delivery.js';
import { MailWatchers, pollDueMailboxes } from './mail.imap.js';
import type { IntakeDeps } from './mail.intake.js';
import { type DispatchPayload, dispatchEvent } from './notify.js';

export { getChannelOptions } from './channel.settings.js';
export { pollMailbox } from './mail.imap.js';
export { ingestRawMail } from './mail.intake.js';
export { queuePersonalMail } from './notify.js';

/**
 * Channels in one plugin: admin and inbound routes and the durable jobs that send and poll.
 * Committed events reach notifications and webhooks through the durable subscribers in
 * channel.subscribers.ts (declared in the manifest).
 */
export async function channels(app: App) {
  const { db, jobs, config } = app.services;
  const deps: IntakeDeps = { ...app.services, attachmentMaxBytes: config.attachmentMaxBytes };
  await channelRoutes(app);
  const watchers = new MailWatchers(deps);
  // Jobs queued by releases before the outbox; new events go through the subscribers.
  jobs.register('channels.dispatch', async (payload) => {
    await dispatchEvent(db, payload as unknown as DispatchPayload);
  });
  jobs.register('channels.deliver', (payload) => deliver(db, String(payload.deliveryId)));
  jobs.register('channels.robot_flush', (payload) => flushRobot(db, String(payload.robotId)));
  await jobs.every('channels.mail_poll', 10_000, () => pollDueMailboxes(deps, watchers));
  app.addHook('onClose', async () => {
    await watchers.close();
    closeTransports();
  });
}
