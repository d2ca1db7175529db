import { z } from 'zod';
import { Id, IsoDateTime, LocaleSchema, OptionalText, Text } from './common.js';

/** What a person can be notified about; each has a template per language and a preference. */
export const NOTIFICATION_EVENTS = [
  'acknowledgement',
  'assigned',
  'comment',
  'state_changed',
  'confirmation_request',
  'sla_warning',
  'sla_breached',
  'survey',
  'major_update',
  'approval_requested',
  'task_assigned',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const NotificationEventSchema = z.enum(NOTIFICATION_EVENTS);

export const ROBOT_PLATFORMS = ['wecom', 'dingtalk', 'feishu'] as const;
export const INTEGRATION_KINDS = ['im', 'api', 'monitoring'] as const;
export const INBOUND_OUTCOMES = ['created', 'commented', 'ignored', 'quarantined', 'discarded'] as const;
export const DELIVERY_STATES = ['queued', 'sent', 'failed'] as const;

const Port = z.number().int().min(1).max(65535);

export const Mailbox = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  host: z.string(),
  port: Port,
  tls: z.boolean(),
  tlsVerify: z.boolean(),
  username: z.string(),
  folder: z.string(),
  processedFolder: z.string().nullable(),
  organizationId: Id,
  serviceId: Id.nullable(),
  groupId: Id.nullable(),
  unknownSender: z.enum(['create', 'hold']),
  pollSeconds: z.number().int(),
  useIdle: z.boolean(),
  active: z.boolean(),
  lastPolledAt: IsoDateTime.nullable(),
  lastError: z.string().nullable(),
});
export type Mailbox = z.infer<typeof Mailbox>;

export const SaveMailbox = z.object({
  name: Text(100),
  address: z.email().max(254),
  host: Text(253),
  port: Port.default(993),
  tls: z.boolean().default(true),
  tlsVerify: z.boolean().default(true),
  username: Text(254),
  /** Omitted on update: keep the stored password. */
  password: z.string().min(1).max(500).optional(),
  folder: Text(200).default('INBOX'),
  processedFolder: z.string().trim().max(200).nullish(),
  organizationId: Id,
  serviceId: Id.nullish(),
  groupId: Id.nullish(),
  unknownSender: z.enum(['create', 'hold']).default('create'),
  pollSeconds: z.number().int().min(10).max(86_400).default(60),
  useIdle: z.boolean().default(true),
  active: z.boolean().default(true),
});
export type SaveMailbox = z.infer<typeof SaveMailbox>;

export const InboundMail = z.object({
  id: Id,
  mailboxId: Id.nullable(),
  messageId: z.string(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  subject: z.string().nullable(),
  receivedAt: IsoDateTime,
  outcome: z.enum(INBOUND_OUTCOMES),
  reason: z.string().nullable(),
  record: z.object({ id: Id, number: z.string() }).nullable(),
});
export type InboundMail = z.infer<typeof InboundMail>;

export const InboundMailDetail = InboundMail.extend({
  html: z.string().nullable(),
  text: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() })),
});
export type InboundMailDetail = z.infer<typeof InboundMailDetail>;

export const InboundMailQuery = z.object({
  outcome: z.enum(INBOUND_OUTCOMES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const IntakeResult = z.object({
  outcome: z.enum([...INBOUND_OUTCOMES, 'duplicate']),
  reason: z.string().nullish(),
  recordId: Id.nullish(),
  messageId: z.string(),
});

export const PollResult = z.object({ fetched: z.number().int(), outcomes: z.record(z.string(), z.number()) });

export const SmtpSettingsBody = z.object({
  host: Text(253),
  port: Port,
  secure: z.boolean(),
  tlsVerify: z.boolean().default(true),
  user: OptionalText(254),
  password: z.string().max(500).optional(),
  fromAddress: z.email().max(254),
  fromName: Text(100),
});
export const ChannelOptionsBody = z.object({
  coalesceSeconds: z.number().int().min(0).max(3600),
  senderHourlyLimit: z.number().int().min(1).max(10_000),
  publicUrl: z.string().trim().max(500),
});
export const ChannelSettings = z.object({
  smtp: SmtpSettingsBody.omit({ password: true }).extend({ hasPassword: z.boolean() }).nullable(),
  options: ChannelOptionsBody,
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

export const NotificationTemplate = z.object({
  event: NotificationEventSchema,
  locale: LocaleSchema,
  subject: z.string(),
  body: z.string(),
  customized: z.boolean(),
});
export type NotificationTemplate = z.infer<typeof NotificationTemplate>;

export const SaveTemplate = z.object({
  event: NotificationEventSchema,
  locale: LocaleSchema,
  subject: Text(300),
  body: Text(20_000),
});
export const ResetTemplate = z.object({ event: NotificationEventSchema, locale: LocaleSchema });
export const PreviewTemplate = SaveTemplate.extend({ recordId: Id.optional() });
export const TemplatePreview = z.object({ subject: z.string(), body: z.string(), variables: z.array(z.string()) });

export const NotificationPreference = z.object({ event: NotificationEventSchema, email: z.boolean() });
export const SavePreferences = z.array(NotificationPreference).max(NOTIFICATION_EVENTS.length);

export const Robot = z.object({
  id: Id,
  name: z.string(),
  platform: z.enum(ROBOT_PLATFORMS),
  webhookUrl: z.string(),
  hasSecret: z.boolean(),
  groupId: Id.nullable(),
  serviceId: Id.nullable(),
  events: z.array(NotificationEventSchema),
  perMinute: z.number().int(),
  active: z.boolean(),
  /** The language its messages are written in. */
  locale: LocaleSchema,
});
export type Robot = z.infer<typeof Robot>;
export const SaveRobot = z.object({
  name: Text(100),
  platform: z.enum(ROBOT_PLATFORMS),
  webhookUrl: z.url().max(1000),
  /** DingTalk and Feishu signing secret; omitted on update keeps the stored one, '' clears it. */
  secret: z.string().max(500).optional(),
  groupId: Id.nullish(),
  serviceId: Id.nullish(),
  events: z.array(NotificationEventSchema).min(1),
  perMinute: z.number().int().min(1).max(600).default(20),
  active: z.boolean().default(true),
  /** zh-CN when a new robot leaves it out; an edit that leaves it out keeps the robot's. */
  locale: LocaleSchema.optional(),
});

export const Webhook = z.object({
  id: Id,
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
});
export type Webhook = z.infer<typeof Webhook>;
export const SaveWebhook = z.object({
  name: Text(100),
  url: z.url().max(1000),
  /** HMAC-SHA256 key for X-Trellis-Signature; omitted on update keeps the stored one. */
  secret: z.string().min(16).max(500).optional(),
  /** Domain event types such as incident.created, or '*' for all. */
  events: z
    .array(
      z
        .string()
        .trim()
        .regex(/^(\*|[a-z_]+\.[a-z_]+)$/),
    )
    .min(1),
  active: z.boolean().default(true),
});

export const Delivery = z.object({
  id: Id,
  channel: z.enum(['email', 'robot', 'webhook']),
  recipient: z.string(),
  record: z.object({ id: Id, number: z.string() }).nullable(),
  events: z.array(z.string()),
  subject: z.string().nullable(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  response: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  sentAt: IsoDateTime.nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
export const DeliveryQuery = z.object({
  channel: z.enum(['email', 'robot', 'webhook']).optional(),
  state: z.enum(DELIVERY_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const Integration = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(INTEGRATION_KINDS),
  userId: Id,
  serviceId: Id.nullable(),
  groupId: Id.nullable(),
  active: z.boolean(),
  lastUsedAt: IsoDateTime.nullable(),
});
export type Integration = z.infer<typeof Integration>;
export const SaveIntegration = z.object({
  name: Text(100),
  kind: z.enum(INTEGRATION_KINDS),
  /** Whom the integration acts as (a requester or a staff account such as “监控系统”). */
  userId: Id,
  serviceId: Id.nullish(),
  groupId: Id.nullish(),
  active: z.boolean().default(true),
});
export const CreatedIntegration = Integration.extend({ token: z.string() });

/** Chat bots, OA and monitoring: create, query and comment on records with an integration token. */
export const InboundCreate = z.object({
  title: Text(200),
  description: Text(20_000),
  urgency: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  impact: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  /** A known person to file it for (staff integrations only). */
  requesterEmail: z.email().optional(),
  /** Monitoring: alerts with the same fingerprint update one open record. */
  fingerprint: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
});
export const InboundRecord = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: z.string(),
  updatedAt: IsoDateTime,
  deduplicated: z.boolean(),
  occurrences: z.number().int().optional(),
});
export const InboundComment = z.object({ body: Text(20_000) });
