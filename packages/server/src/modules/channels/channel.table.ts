export interface MailboxesTable {
  id: string;
  name: string;
  /** The desk address requesters write to; mail from it is never taken in (loop guard). */
  address: string;
  host: string;
  port: number;
  tls: number;
  tls_verify: number;
  username: string;
  password: string;
  folder: string;
  /** Where a committed mail is moved; null deletes it. */
  processed_folder: string | null;
  organization_id: string;
  service_id: string | null;
  group_id: string | null;
  unknown_sender: 'create' | 'hold';
  poll_seconds: number;
  use_idle: number;
  active: number;
  last_polled_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export type InboundOutcome = 'created' | 'commented' | 'ignored' | 'quarantined' | 'discarded';

/** Every mail taken in, by Message-ID: the idempotency key, the thread index and the quarantine. */
export interface InboundMailsTable {
  id: string;
  mailbox_id: string | null;
  message_id: string;
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  sent_at: string | null;
  received_at: string;
  outcome: InboundOutcome;
  reason: string | null;
  record_id: string | null;
  html: string | null;
  text_body: string | null;
  /** Kept only while quarantined, so that a retry or a manual decision can use the original. */
  raw: Buffer | null;
  resolved_by: string | null;
  updated_at: string;
}

export interface ChannelDeliveriesTable {
  id: string;
  channel: 'email' | 'robot' | 'webhook';
  target_id: string | null;
  recipient: string;
  record_id: string | null;
  /** The events this one delivery carries (several when coalesced). */
  events_json: string;
  locale: string;
  message_id: string | null;
  subject: string | null;
  body: string | null;
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  response: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
}

export interface NotificationTemplatesTable {
  event: string;
  locale: 'zh-CN' | 'en-US';
  subject: string;
  body: string;
  updated_at: string;
}

export interface NotificationPreferencesTable {
  user_id: string;
  event: string;
  email: number;
}

export interface ImRobotsTable {
  id: string;
  name: string;
  platform: 'wecom' | 'dingtalk' | 'feishu';
  webhook_url: string;
  secret: string | null;
  group_id: string | null;
  service_id: string | null;
  events_json: string;
  per_minute: number;
  active: number;
  /** The language its messages are written in. */
  locale: 'zh-CN' | 'en-US';
  created_at: string;
}

export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  secret: string;
  events_json: string;
  active: number;
  created_at: string;
}

export interface ChannelIntegrationsTable {
  id: string;
  name: string;
  kind: 'im' | 'api' | 'monitoring';
  token_hash: string;
  user_id: string;
  service_id: string | null;
  group_id: string | null;
  active: number;
  last_used_at: string | null;
  created_at: string;
}

export interface ChannelAlertsTable {
  id: string;
  integration_id: string;
  fingerprint: string;
  record_id: string;
  occurrences: number;
  first_at: string;
  last_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface ChannelTables {
  mailboxes: MailboxesTable;
  inbound_mails: InboundMailsTable;
  channel_deliveries: ChannelDeliveriesTable;
  notification_templates: NotificationTemplatesTable;
  notification_preferences: NotificationPreferencesTable;
  im_robots: ImRobotsTable;
  webhooks: WebhooksTable;
  channel_integrations: ChannelIntegrationsTable;
  channel_alerts: ChannelAlertsTable;
}
