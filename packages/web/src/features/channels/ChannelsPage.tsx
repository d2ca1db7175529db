import { useQuery } from '@tanstack/react-query';
import {
  type ChannelSettings,
  type Delivery,
  type InboundMail,
  type InboundMailDetail,
  type Integration,
  LOCALES,
  type Locale,
  type Mailbox,
  NOTIFICATION_EVENTS,
  type NotificationTemplate,
  type Robot,
  type Webhook,
} from '@trellis/core';
import {
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { type TranslationKey, useT } from '../../app/i18n';
import { useGroups, useUsers } from '../../app/reference';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { RegisterPage } from '../../kit/RegisterPage';
import { registerKey } from '../../kit/useRegister';
import { useSave } from '../../kit/useSave';

const base = '/channels';
const useList = <T,>(path: string, query?: Record<string, string | number | undefined>) =>
  useQuery({ queryKey: ['channels', path, query], queryFn: () => api.get<T[]>(`${base}${path}`, query) });

/** Every channels write (save, poll, retry, reset…) refreshes the channels lists and reports its error. */
function useAction() {
  const { message } = AntApp.useApp();
  return useSave('/channels', [['channels'], registerKey('/channels/mailboxes')], {
    onError: (error) => message.error(error.message),
  });
}

const eventOptions = (t: (k: TranslationKey) => string) =>
  NOTIFICATION_EVENTS.map((e) => ({ value: e, label: t(`channels.ev.${e}` as TranslationKey) }));

const groupSource = { path: '/groups' };
const unknownSenders = ['create', 'hold'] as const;

function MailboxesTab() {
  const t = useT();
  const { message } = AntApp.useApp();
  const action = useAction();
  return (
    <RegisterPage<Mailbox, Record<string, unknown>>
      embedded
      path="/channels/mailboxes"
      title={t('channels.newMailbox')}
      newLabel={t('channels.newMailbox')}
      testId="mailbox"
      archivable={false}
      defaults={{
        port: 993,
        tls: true,
        tlsVerify: true,
        folder: 'INBOX',
        pollSeconds: 60,
        useIdle: true,
        active: true,
        unknownSender: 'create',
      }}
      columns={[
        { title: t('channels.name'), dataIndex: 'name' },
        { title: t('channels.address'), dataIndex: 'address' },
        { title: t('channels.host'), render: (_, m) => `${m.host}:${m.port}` },
        {
          title: t('channels.unknownSender'),
          render: (_, m) => t(`channels.unknownSender.${m.unknownSender}` as TranslationKey),
        },
        { title: t('channels.lastPolled'), dataIndex: 'lastPolledAt' },
        { title: t('channels.lastError'), dataIndex: 'lastError', render: (v) => v && <Tag color="red">{v}</Tag> },
      ]}
      rowActions={(m) => (
        <Button
          size="small"
          loading={action.isPending}
          onClick={async () => {
            const result = (await action.mutateAsync({ path: `/channels/mailboxes/${m.id}/poll` })) as {
              fetched: number;
            };
            message.success(t('channels.polled', { count: result.fetched }));
          }}
        >
          {t('channels.pollNow')}
        </Button>
      )}
      fields={[
        { name: 'name', label: t('channels.name'), kind: 'text', required: true },
        { name: 'address', label: t('channels.address'), kind: 'text', required: true },
        { name: 'host', label: t('channels.host'), kind: 'text', required: true },
        { name: 'port', label: t('channels.port'), kind: 'number' },
        { name: 'tls', label: t('channels.tls'), kind: 'switch' },
        { name: 'tlsVerify', label: t('channels.tlsVerify'), kind: 'switch' },
        { name: 'username', label: t('channels.username'), kind: 'text', required: true },
        // Left empty on edit, the stored password stays.
        { name: 'password', label: t('channels.password'), kind: 'password', extra: t('channels.passwordKeep') },
        { name: 'folder', label: t('channels.folder'), kind: 'text' },
        { name: 'processedFolder', label: t('channels.processedFolder'), kind: 'text' },
        {
          name: 'organizationId',
          label: t('channels.organization'),
          kind: 'select',
          required: true,
          source: { path: '/organizations' },
        },
        { name: 'groupId', label: t('channels.group'), kind: 'select', allowClear: true, source: groupSource },
        {
          name: 'unknownSender',
          label: t('channels.unknownSender'),
          kind: 'select',
          options: unknownSenders.map((v) => ({ value: v, label: t(`channels.unknownSender.${v}` as TranslationKey) })),
        },
        { name: 'pollSeconds', label: t('channels.pollSeconds'), kind: 'number' },
        { name: 'useIdle', label: t('channels.useIdle'), kind: 'switch' },
        { name: 'active', label: t('channels.active'), kind: 'switch' },
      ]}
    />
  );
}

function InboundTab() {
  const t = useT();
  const [outcome, setOutcome] = useState<string | undefined>('quarantined');
  const { data } = useList<InboundMail>('/inbound-mails', { outcome });
  const action = useAction();
  const [viewing, setViewing] = useState<InboundMailDetail | null>(null);
  const [turning, setTurning] = useState<InboundMail | null>(null);
  const [q, setQ] = useState('');
  const users = useUsers({ q }, turning !== null);
  return (
    <>
      <Select
        allowClear
        style={{ width: 200, marginBottom: 12 }}
        value={outcome}
        onChange={setOutcome}
        options={(['created', 'commented', 'ignored', 'quarantined', 'discarded'] as const).map((o) => ({
          value: o,
          label: t(`channels.outcome.${o}` as TranslationKey),
        }))}
      />
      <Table<InboundMail>
        rowKey="id"
        dataSource={data ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('channels.receivedAt'), dataIndex: 'receivedAt', width: 200 },
          { title: t('channels.from'), render: (_, m) => `${m.fromName ?? ''} <${m.fromAddress ?? '?'}>` },
          { title: t('channels.subject'), dataIndex: 'subject' },
          {
            title: t('channels.outcome'),
            render: (_, m) => <Tag>{t(`channels.outcome.${m.outcome}` as TranslationKey)}</Tag>,
          },
          { title: t('channels.reason'), dataIndex: 'reason' },
          {
            title: t('channels.record'),
            render: (_, m) => m.record && <Link to={`/console/incidents/${m.record.number}`}>{m.record.number}</Link>,
          },
          {
            title: '',
            render: (_, m) => (
              <Space>
                <Button
                  size="small"
                  onClick={async () => setViewing(await api.get<InboundMailDetail>(`${base}/inbound-mails/${m.id}`))}
                >
                  {t('channels.view')}
                </Button>
                {m.outcome === 'quarantined' && (
                  <>
                    <Button
                      size="small"
                      onClick={() => action.mutate({ path: `/channels/inbound-mails/${m.id}/retry` })}
                    >
                      {t('channels.retry')}
                    </Button>
                    <Button size="small" onClick={() => setTurning(m)}>
                      {t('channels.toRecord')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => action.mutate({ path: `/channels/inbound-mails/${m.id}/discard` })}
                    >
                      {t('channels.discard')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={viewing !== null}
        onCancel={() => setViewing(null)}
        footer={null}
        width={800}
        title={viewing?.subject}
      >
        {viewing?.html ? (
          // Sanitised on the server (no scripts, handlers, frames or remote images).
          // biome-ignore lint/security/noDangerouslySetInnerHtml: server-side sanitised mail HTML
          <div dangerouslySetInnerHTML={{ __html: viewing.html }} />
        ) : (
          <pre style={{ whiteSpace: 'pre-wrap' }}>{viewing?.text}</pre>
        )}
        {viewing?.attachments.map((a) => (
          <Tag key={a.filename}>{a.filename}</Tag>
        ))}
      </Modal>
      <FormModal<{ requesterId: string }>
        open={turning !== null}
        title={t('channels.toRecord')}
        onClose={() => setTurning(null)}
        onSubmit={(values) =>
          action.mutateAsync({ path: `/channels/inbound-mails/${turning?.id}/to-record`, body: values })
        }
      >
        <Form.Item name="requesterId" label={t('channels.requester')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
          />
        </Form.Item>
      </FormModal>
    </>
  );
}

function TemplatesTab() {
  const t = useT();
  const { data } = useList<NotificationTemplate>('/templates');
  const action = useAction();
  const [editing, setEditing] = useState<NotificationTemplate | null>(null);
  const [preview, setPreview] = useState<{ subject: string; body: string; variables: string[] } | null>(null);
  const [form] = Form.useForm();
  return (
    <>
      <Table<NotificationTemplate>
        rowKey={(r) => `${r.event}:${r.locale}`}
        dataSource={data ?? []}
        pagination={false}
        columns={[
          { title: t('channels.event'), render: (_, r) => t(`channels.ev.${r.event}` as TranslationKey) },
          { title: t('channels.locale'), dataIndex: 'locale' },
          { title: t('channels.subject'), dataIndex: 'subject' },
          { title: '', render: (_, r) => r.customized && <Tag color="blue">{t('channels.customized')}</Tag> },
          {
            title: '',
            render: (_, r) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => {
                    setPreview(null);
                    setEditing(r);
                    form.setFieldsValue(r);
                  }}
                >
                  {t('common.edit')}
                </Button>
                {r.customized && (
                  <Button
                    size="small"
                    onClick={() =>
                      action.mutate({ path: '/channels/templates/reset', body: { event: r.event, locale: r.locale } })
                    }
                  >
                    {t('channels.resetTemplate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        width={760}
        title={editing && `${t(`channels.ev.${editing.event}` as TranslationKey)} · ${editing.locale}`}
        onCancel={() => setEditing(null)}
        onOk={async () => {
          const values = await form.validateFields();
          await action.mutateAsync({
            path: '/channels/templates',
            body: { event: editing?.event, locale: editing?.locale, ...values },
          });
          setEditing(null);
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="subject" label={t('channels.subject')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('channels.body')} rules={[{ required: true }]}>
            <Input.TextArea rows={8} />
          </Form.Item>
        </Form>
        <Button
          onClick={async () =>
            setPreview(
              await api.post(`${base}/templates/preview`, {
                event: editing?.event,
                locale: editing?.locale,
                ...form.getFieldsValue(),
              }),
            )
          }
        >
          {t('channels.preview')}
        </Button>
        {preview && (
          <Card size="small" style={{ marginTop: 12 }} title={preview.subject}>
            <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{preview.body}</pre>
            <Typography.Text type="secondary">
              {t('channels.variables')}: {preview.variables.map((v) => `{{${v}}}`).join(' ')}
            </Typography.Text>
          </Card>
        )}
      </Modal>
    </>
  );
}

/** Each language named in itself, as a language menu shows it. */
const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

function RobotsTab() {
  const t = useT();
  const groups = useGroups();
  return (
    <RegisterPage<Robot, Record<string, unknown>>
      embedded
      path="/channels/robots"
      title={t('channels.newRobot')}
      newLabel={t('channels.newRobot')}
      testId="robot"
      archivable={false}
      defaults={{
        platform: 'wecom',
        locale: 'zh-CN',
        perMinute: 20,
        active: true,
        events: ['acknowledgement', 'assigned', 'sla_breached'],
      }}
      columns={[
        { title: t('channels.name'), dataIndex: 'name' },
        { title: t('channels.platform'), dataIndex: 'platform' },
        { title: t('channels.group'), render: (_, r) => groups.data?.find((g) => g.id === r.groupId)?.name },
        {
          title: t('channels.events'),
          render: (_, r) => r.events.map((e) => <Tag key={e}>{t(`channels.ev.${e}` as TranslationKey)}</Tag>),
        },
        { title: t('channels.robotLocale'), render: (_, r) => LOCALE_NAMES[r.locale] },
        { title: t('channels.perMinute'), dataIndex: 'perMinute' },
        { title: t('channels.active'), render: (_, r) => (r.active ? '✓' : '') },
      ]}
      fields={[
        { name: 'name', label: t('channels.name'), kind: 'text', required: true },
        {
          name: 'locale',
          label: t('channels.robotLocale'),
          kind: 'select',
          extra: t('channels.robotLocaleHelp'),
          options: LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] })),
        },
        {
          name: 'platform',
          label: t('channels.platform'),
          kind: 'select',
          options: [
            { value: 'wecom', label: '企业微信 WeCom' },
            { value: 'dingtalk', label: '钉钉 DingTalk' },
            { value: 'feishu', label: '飞书 Feishu' },
          ],
        },
        { name: 'webhookUrl', label: t('channels.webhookUrl'), kind: 'text', required: true },
        // Left empty on edit, the stored signing secret stays.
        { name: 'secret', label: t('channels.secret'), kind: 'password', extra: t('channels.passwordKeep') },
        { name: 'groupId', label: t('channels.group'), kind: 'select', allowClear: true, source: groupSource },
        {
          name: 'events',
          label: t('channels.events'),
          kind: 'select',
          mode: 'multiple',
          required: true,
          options: eventOptions(t),
        },
        { name: 'perMinute', label: t('channels.perMinute'), kind: 'number' },
        { name: 'active', label: t('channels.active'), kind: 'switch' },
      ]}
    />
  );
}

function WebhooksTab() {
  const t = useT();
  return (
    <RegisterPage<Webhook, Record<string, unknown>>
      embedded
      path="/channels/webhooks"
      title={t('channels.newWebhook')}
      newLabel={t('channels.newWebhook')}
      testId="webhook"
      defaults={{ active: true, events: ['incident.created'] }}
      columns={[
        { title: t('channels.name'), dataIndex: 'name' },
        { title: t('channels.url'), dataIndex: 'url' },
        { title: t('channels.events'), render: (_, w) => w.events.map((e) => <Tag key={e}>{e}</Tag>) },
        { title: t('channels.active'), render: (_, w) => (w.active ? '✓' : '') },
      ]}
      fields={[
        { name: 'name', label: t('channels.name'), kind: 'text', required: true },
        { name: 'url', label: t('channels.url'), kind: 'text', required: true },
        // Left empty on edit, the stored signing key stays.
        { name: 'secret', label: t('channels.secret'), kind: 'password', extra: t('channels.passwordKeep') },
        {
          name: 'events',
          label: t('channels.events'),
          kind: 'select',
          mode: 'tags',
          required: true,
          options: [
            '*',
            'incident.created',
            'incident.commented',
            'incident.assigned',
            'incident.resolved',
            'sla.breached',
          ].map((e) => ({ value: e, label: e })),
        },
        { name: 'active', label: t('channels.active'), kind: 'switch' },
      ]}
    />
  );
}

function IntegrationsTab() {
  const t = useT();
  const groups = useGroups();
  const [token, setToken] = useState<string | null>(null);
  return (
    <>
      {token && (
        <Card size="small" style={{ marginBottom: 12 }}>
          {t('channels.tokenOnce')}{' '}
          <Typography.Text copyable code>
            {token}
          </Typography.Text>
        </Card>
      )}
      <RegisterPage<Integration, Record<string, unknown>>
        embedded
        path="/channels/integrations"
        title={t('channels.newIntegration')}
        newLabel={t('channels.newIntegration')}
        testId="integration"
        // An integration is created with its token; a new token means a new integration.
        editable={false}
        archivable={false}
        defaults={{ kind: 'monitoring', active: true }}
        onSaved={(saved, created) => created && setToken((saved as { token: string }).token)}
        columns={[
          { title: t('channels.name'), dataIndex: 'name' },
          { title: t('channels.kind'), dataIndex: 'kind' },
          { title: t('channels.group'), render: (_, i) => groups.data?.find((g) => g.id === i.groupId)?.name },
          { title: t('channels.lastPolled'), dataIndex: 'lastUsedAt' },
          { title: t('channels.active'), render: (_, i) => (i.active ? '✓' : '') },
        ]}
        fields={[
          { name: 'name', label: t('channels.name'), kind: 'text', required: true },
          {
            name: 'kind',
            label: t('channels.kind'),
            kind: 'select',
            options: ['im', 'api', 'monitoring'].map((k) => ({ value: k, label: t(`channel.${k}` as TranslationKey) })),
          },
          {
            name: 'userId',
            label: t('channels.actingUser'),
            kind: 'select',
            required: true,
            source: {
              path: '/users',
              search: 'q',
              label: (u: { name: string; email: string }) => `${u.name} <${u.email}>`,
            },
          },
          { name: 'groupId', label: t('channels.group'), kind: 'select', allowClear: true, source: groupSource },
        ]}
      />
    </>
  );
}

function DeliveriesTab() {
  const t = useT();
  const [state, setState] = useState<string | undefined>();
  const { data } = useList<Delivery>('/deliveries', { state });
  const action = useAction();
  return (
    <>
      <Select
        allowClear
        style={{ width: 200, marginBottom: 12 }}
        value={state}
        onChange={setState}
        options={(['queued', 'sent', 'failed'] as const).map((s) => ({
          value: s,
          label: t(`channels.state.${s}` as TranslationKey),
        }))}
      />
      <Table<Delivery>
        rowKey="id"
        dataSource={data ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('channels.receivedAt'), dataIndex: 'createdAt', width: 200 },
          { title: t('channels.channel'), dataIndex: 'channel' },
          { title: t('channels.recipient'), dataIndex: 'recipient' },
          {
            title: t('channels.record'),
            render: (_, d) => d.record && <Link to={`/console/incidents/${d.record.number}`}>{d.record.number}</Link>,
          },
          { title: t('channels.events'), render: (_, d) => d.events.join(', ') },
          {
            title: t('channels.state'),
            render: (_, d) => (
              <Tag color={d.state === 'failed' ? 'red' : d.state === 'sent' ? 'green' : 'blue'}>
                {t(`channels.state.${d.state}` as TranslationKey)}
              </Tag>
            ),
          },
          { title: t('channels.attempts'), dataIndex: 'attempts' },
          { title: t('channels.lastError'), dataIndex: 'lastError' },
          {
            title: '',
            render: (_, d) =>
              d.state === 'failed' && (
                <Button size="small" onClick={() => action.mutate({ path: `/channels/deliveries/${d.id}/retry` })}>
                  {t('channels.retry')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

function SettingsTab() {
  const t = useT();
  const { message } = AntApp.useApp();
  const { data } = useQuery({
    queryKey: ['channels', 'settings'],
    queryFn: () => api.get<ChannelSettings>(`${base}/settings`),
  });
  const action = useAction();
  if (!data) return null;
  return (
    <Form
      layout="vertical"
      style={{ maxWidth: 560 }}
      initialValues={{
        smtp: data.smtp ?? { port: 465, secure: true, tlsVerify: true, fromName: 'IT 服务台' },
        options: data.options,
      }}
      onFinish={async (values) => {
        await action.mutateAsync({ path: '/channels/settings', body: values });
        message.success(t('channels.saved'));
      }}
    >
      <Typography.Title level={5}>{t('channels.smtp')}</Typography.Title>
      <Space>
        <Form.Item
          name={['smtp', 'host']}
          label={t('channels.host').replace('IMAP', 'SMTP')}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name={['smtp', 'port']} label={t('channels.port')}>
          <InputNumber min={1} max={65535} />
        </Form.Item>
        <Form.Item name={['smtp', 'secure']} label={t('channels.secure')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name={['smtp', 'tlsVerify']} label={t('channels.tlsVerify')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Form.Item name={['smtp', 'user']} label={t('channels.username')}>
        <Input />
      </Form.Item>
      <Form.Item
        name={['smtp', 'password']}
        label={t('channels.password')}
        extra={data.smtp?.hasPassword ? t('channels.passwordKeep') : undefined}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name={['smtp', 'fromAddress']} label={t('channels.fromAddress')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name={['smtp', 'fromName']} label={t('channels.fromName')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name={['options', 'publicUrl']} label={t('channels.publicUrl')}>
        <Input placeholder="https://itsm.example.com" />
      </Form.Item>
      <Space>
        <Form.Item name={['options', 'coalesceSeconds']} label={t('channels.coalesceSeconds')}>
          <InputNumber min={0} max={3600} />
        </Form.Item>
        <Form.Item name={['options', 'senderHourlyLimit']} label={t('channels.senderHourlyLimit')}>
          <InputNumber min={1} />
        </Form.Item>
      </Space>
      <Button type="primary" htmlType="submit" loading={action.isPending}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}

/** 渠道与通知: every channel an administrator configures, and what came in and went out. */
export function ChannelsPage() {
  const t = useT();
  usePageTitle(t('channels.title'));
  const tabs: [string, () => React.ReactNode][] = [
    ['mailboxes', () => <MailboxesTab />],
    ['inbound', () => <InboundTab />],
    ['templates', () => <TemplatesTab />],
    ['robots', () => <RobotsTab />],
    ['webhooks', () => <WebhooksTab />],
    ['integrations', () => <IntegrationsTab />],
    ['deliveries', () => <DeliveriesTab />],
    ['settings', () => <SettingsTab />],
  ];
  return (
    <Card>
      <Typography.Title level={4}>{t('channels.title')}</Typography.Title>
      <Tabs
        destroyOnHidden
        items={tabs.map(([key, render]) => ({
          key,
          label: t(`channels.tab.${key}` as TranslationKey),
          children: render(),
        }))}
      />
    </Card>
  );
}

/** Each person chooses which notifications reach them by mail. */
export function NotificationPreferencesPage() {
  const t = useT();
  usePageTitle(t('channels.preferences'));
  const { data } = useQuery({
    queryKey: ['channels', 'preferences'],
    queryFn: () => api.get<{ event: string; email: boolean }[]>(`${base}/preferences`),
  });
  const action = useAction();
  return (
    <Card>
      <Typography.Title level={4}>{t('channels.preferences')}</Typography.Title>
      <Table
        rowKey="event"
        pagination={false}
        dataSource={data ?? []}
        columns={[
          { title: t('channels.event'), render: (_, p) => t(`channels.ev.${p.event}` as TranslationKey) },
          {
            title: t('channels.preferences.email'),
            render: (_, p) => (
              <Switch
                checked={p.email}
                onChange={(email) =>
                  action.mutate({ path: '/channels/preferences', body: [{ event: p.event, email }] })
                }
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
