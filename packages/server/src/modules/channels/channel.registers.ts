import {
  CreatedIntegration,
  Integration,
  Mailbox,
  Robot,
  SaveIntegration,
  SaveMailbox,
  SaveRobot,
  SaveWebhook,
  Webhook,
} from '@trellis/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { defineRegister, type RegisterDefinition } from '../../platform/register.js';
import { hashToken, newIntegrationToken } from './inbound.js';
import { forgetChannelTargets } from './notify.js';

type Row<T extends keyof Database> = Selectable<Database[T]>;

const bool = (v: number) => v === 1;
const int = (v: boolean | undefined, fallback: number) => (v === undefined ? fallback : v ? 1 : 0);
const required = (field: string) => new AppError('error.validation', {}, [{ path: [field], message: 'required' }]);

/** What every channel register shares: admins only, audited as `channel.<thing>_<verb>`, the target cache dropped after each change. */
const channelRegister = (thing: string) =>
  ({
    tags: ['channels'],
    policy: { resource: 'channel', read: 'list', write: 'manage' },
    order: [{ column: 'name' }],
    search: ['name'],
    filters: { active: { column: 'active', parse: (v: string) => (v === 'true' ? 1 : 0) } },
    lifecycle: { archive: { column: 'active', value: 0 }, afterCommit: forgetChannelTargets },
    compat: {
      listAsArray: true,
      auditEntityType: 'channel',
      auditAction: (verb: string) => `channel.${thing}_${verb}`,
    },
  }) satisfies Partial<RegisterDefinition>;

const refs = {
  organizationId: { table: 'organizations' },
  serviceId: { table: 'services' },
  groupId: { table: 'support_groups' },
} as const;

// ---- mailboxes

type SaveMailboxInput = z.infer<typeof SaveMailbox>;
const mailboxColumns = (b: SaveMailboxInput) => ({
  name: b.name,
  address: b.address.toLowerCase(),
  host: b.host,
  port: b.port,
  tls: int(b.tls, 1),
  tls_verify: int(b.tlsVerify, 1),
  username: b.username,
  folder: b.folder,
  processed_folder: b.processedFolder || null,
  organization_id: b.organizationId,
  service_id: b.serviceId ?? null,
  group_id: b.groupId ?? null,
  unknown_sender: b.unknownSender,
  poll_seconds: b.pollSeconds,
  use_idle: int(b.useIdle, 1),
  active: int(b.active, 1),
});

export const mailboxRegister = defineRegister<Mailbox, SaveMailboxInput, SaveMailboxInput>({
  ...channelRegister('mailbox'),
  name: 'mailbox',
  table: 'mailboxes',
  path: '/api/v1/channels/mailboxes',
  schemas: { item: Mailbox, create: SaveMailbox, update: SaveMailbox },
  refs: { organizationId: refs.organizationId, serviceId: refs.serviceId, groupId: refs.groupId },
  secrets: ['password'],
  search: ['name', 'address'],
  toApi: (m) => ({
    id: m.id,
    name: m.name,
    address: m.address,
    host: m.host,
    port: m.port,
    tls: bool(m.tls),
    tlsVerify: bool(m.tls_verify),
    username: m.username,
    folder: m.folder,
    processedFolder: m.processed_folder,
    organizationId: m.organization_id,
    serviceId: m.service_id,
    groupId: m.group_id,
    unknownSender: m.unknown_sender,
    pollSeconds: m.poll_seconds,
    useIdle: bool(m.use_idle),
    active: bool(m.active),
    lastPolledAt: m.last_polled_at,
    lastError: m.last_error,
  }),
  toRow: {
    create: (b) => {
      if (!b.password) throw required('password');
      const now = nowIso();
      return {
        ...mailboxColumns(b),
        password: b.password,
        last_polled_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      } satisfies Omit<Row<'mailboxes'>, 'id'>;
    },
    // An empty password keeps the stored one.
    update: (b) => ({ ...mailboxColumns(b), ...(b.password ? { password: b.password } : {}) }),
  },
});

// ---- group robots

type SaveRobotInput = z.infer<typeof SaveRobot>;
const robotColumns = (b: SaveRobotInput) => ({
  name: b.name,
  platform: b.platform,
  webhook_url: b.webhookUrl,
  group_id: b.groupId ?? null,
  service_id: b.serviceId ?? null,
  events_json: JSON.stringify(b.events),
  per_minute: b.perMinute,
  active: int(b.active, 1),
});

export const robotRegister = defineRegister<Robot, SaveRobotInput, SaveRobotInput>({
  ...channelRegister('robot'),
  name: 'robot',
  table: 'im_robots',
  path: '/api/v1/channels/robots',
  schemas: { item: Robot, create: SaveRobot, update: SaveRobot },
  refs: { serviceId: refs.serviceId, groupId: refs.groupId },
  secrets: ['secret'],
  toApi: (r) => ({
    id: r.id,
    name: r.name,
    platform: r.platform,
    webhookUrl: r.webhook_url,
    hasSecret: Boolean(r.secret),
    groupId: r.group_id,
    serviceId: r.service_id,
    events: JSON.parse(r.events_json),
    perMinute: r.per_minute,
    active: bool(r.active),
    locale: r.locale,
  }),
  toRow: {
    create: (b) =>
      ({
        ...robotColumns(b),
        secret: b.secret || null,
        locale: b.locale ?? 'zh-CN',
        created_at: nowIso(),
      }) satisfies Omit<Row<'im_robots'>, 'id'>,
    // Omitted keeps the signing key and the language; an empty string removes the key.
    update: (b) => ({
      ...robotColumns(b),
      ...(b.secret !== undefined ? { secret: b.secret || null } : {}),
      ...(b.locale ? { locale: b.locale } : {}),
    }),
  },
});

// ---- outgoing webhooks

type SaveWebhookInput = z.infer<typeof SaveWebhook>;
const webhookColumns = (b: SaveWebhookInput) => ({
  name: b.name,
  url: b.url,
  events_json: JSON.stringify(b.events),
  active: int(b.active, 1),
});

export const webhookRegister = defineRegister<Webhook, SaveWebhookInput, SaveWebhookInput>({
  ...channelRegister('webhook'),
  name: 'webhook',
  table: 'webhooks',
  path: '/api/v1/channels/webhooks',
  schemas: { item: Webhook, create: SaveWebhook, update: SaveWebhook },
  secrets: ['secret'],
  toApi: (w) => ({ id: w.id, name: w.name, url: w.url, events: JSON.parse(w.events_json), active: bool(w.active) }),
  toRow: {
    create: (b) => {
      if (!b.secret) throw required('secret');
      return { ...webhookColumns(b), secret: b.secret, created_at: nowIso() } satisfies Omit<Row<'webhooks'>, 'id'>;
    },
    update: (b) => ({ ...webhookColumns(b), ...(b.secret ? { secret: b.secret } : {}) }),
  },
});

// ---- inbound integrations (tokens)

type SaveIntegrationInput = z.infer<typeof SaveIntegration>;
const integrationColumns = (b: SaveIntegrationInput) => ({
  name: b.name,
  kind: b.kind,
  user_id: b.userId,
  service_id: b.serviceId ?? null,
  group_id: b.groupId ?? null,
  active: int(b.active, 1),
});

export const integrationRegister = defineRegister<Integration, SaveIntegrationInput, SaveIntegrationInput>({
  ...channelRegister('integration'),
  name: 'integration',
  table: 'channel_integrations',
  path: '/api/v1/channels/integrations',
  schemas: { item: Integration, create: SaveIntegration, update: SaveIntegration, created: CreatedIntegration },
  // The integration acts as this account, so it must be a live one.
  refs: { userId: { table: 'users', usable: (u) => u.active === 1 }, serviceId: refs.serviceId, groupId: refs.groupId },
  secrets: ['token_hash'],
  toApi: (i) => ({
    id: i.id,
    name: i.name,
    kind: i.kind,
    userId: i.user_id,
    serviceId: i.service_id,
    groupId: i.group_id,
    active: bool(i.active),
    lastUsedAt: i.last_used_at,
  }),
  toRow: {
    create: (b) => {
      // The token is shown once, in the 201 answer; only its hash is stored.
      const token = newIntegrationToken();
      return {
        ...integrationColumns(b),
        token_hash: hashToken(token),
        last_used_at: null,
        created_at: nowIso(),
        $extra: { token },
      };
    },
    update: (b) => integrationColumns(b),
  },
  lifecycle: {
    ...channelRegister('integration').lifecycle,
    created: (api, _row, extra) => ({ ...api, token: extra.token }),
  },
});

export const CHANNEL_REGISTERS = [mailboxRegister, robotRegister, webhookRegister, integrationRegister];
