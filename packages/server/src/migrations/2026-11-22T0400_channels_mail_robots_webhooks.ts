import { type Kysely, PostgresAdapter, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** Channels: inbound mailboxes and their intake log, outbound deliveries, templates, robots, webhooks, integrations. */
export async function up(db: Kysely<any>): Promise<void> {
  const blob = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('tls', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('tls_verify', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull().defaultTo('INBOX'))
    .addColumn('processed_folder', 'text')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('unknown_sender', 'text', (c) => c.notNull().check(oneOf('unknown_sender', ['create', 'hold'])))
    .addColumn('poll_seconds', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('use_idle', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('inbound_mails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox_id', 'text', (c) => c.references('mailboxes.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('from_address', 'text')
    .addColumn('from_name', 'text')
    .addColumn('subject', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(oneOf('outcome', ['created', 'commented', 'ignored', 'quarantined', 'discarded'])),
    )
    .addColumn('reason', 'text')
    .addColumn('record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('html', 'text')
    .addColumn('text_body', 'text')
    .addColumn('raw', sql.raw(blob))
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbound_mails_sender_idx')
    .on('inbound_mails')
    .columns(['from_address', 'received_at'])
    .execute();
  await db.schema.createIndex('inbound_mails_outcome_idx').on('inbound_mails').columns(['outcome']).execute();
  await db.schema.createIndex('inbound_mails_record_idx').on('inbound_mails').columns(['record_id']).execute();
  await db.schema
    .createTable('channel_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().check(oneOf('channel', ['email', 'robot', 'webhook'])))
    .addColumn('target_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['queued', 'sent', 'failed'])))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_deliveries_queue_idx')
    .on('channel_deliveries')
    .columns(['channel', 'target_id', 'state', 'sent_at'])
    .execute();
  await db.schema
    .createIndex('channel_deliveries_recipient_idx')
    .on('channel_deliveries')
    .columns(['recipient', 'record_id', 'state'])
    .execute();
  await db.schema
    .createIndex('channel_deliveries_message_idx')
    .on('channel_deliveries')
    .columns(['message_id'])
    .execute();
  await db.schema
    .createTable('notification_templates')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().check(oneOf('locale', ['zh-CN', 'en-US'])))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_templates_pk', ['event', 'locale'])
    .execute();
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'event'])
    .execute();
  await db.schema
    .createTable('im_robots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull().check(oneOf('platform', ['wecom', 'dingtalk', 'feishu'])))
    .addColumn('webhook_url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('per_minute', 'integer', (c) => c.notNull().defaultTo(20))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('channel_integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['im', 'api', 'monitoring'])))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('channel_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull().references('channel_integrations.id'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_alerts_fingerprint_idx')
    .on('channel_alerts')
    .columns(['integration_id', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'channel_alerts',
    'channel_integrations',
    'webhooks',
    'im_robots',
    'notification_preferences',
    'notification_templates',
    'channel_deliveries',
    'inbound_mails',
    'mailboxes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
