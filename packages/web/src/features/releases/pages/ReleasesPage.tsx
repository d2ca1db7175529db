import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { type DslItem, RELEASE_STATES, RELEASE_TYPES } from '@trellis/core/modules/releases';
import {
  Badge,
  Button,
  Calendar,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../../app/api';
import { useFormErrorHandler } from '../../../app/errors';
import { useLocale, useT } from '../../../app/i18n';
import { useOrganizations, useServices } from '../../../app/reference';
import { usePageTitle } from '../../../app/usePageTitle';
import { RegisterPage } from '../../../kit/RegisterPage';
import { UserPicker } from '../../../kit/UserPicker';
import { type ReleaseSummary, useCreateRelease, useReleaseCalendar, useReleases } from '../api';

const TABS = ['list', 'calendar', 'dsl'] as const;
type Tab = (typeof TABS)[number];

export const stateColor = (state: string) =>
  state === 'closed'
    ? 'default'
    : state === 'rolled_back' || state === 'cancelled'
      ? 'red'
      : state === 'deployment' || state === 'verification'
        ? 'blue'
        : state === 'review'
          ? 'purple'
          : 'gold';

/** 发布管理: the releases, their calendar beside the change calendar's windows, and the definitive software library. */
export function ReleasesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'list';
  usePageTitle(t('rel.title'));
  return (
    <Card>
      <Typography.Title level={4}>{t('rel.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'list', label: t('rel.tab.list'), children: <ReleaseList /> },
          { key: 'calendar', label: t('rel.tab.calendar'), children: <ReleaseCalendar /> },
          { key: 'dsl', label: t('rel.tab.dsl'), children: <DslRegister /> },
        ]}
      />
    </Card>
  );
}

function ReleaseList() {
  const t = useT();
  const [q, setQ] = useState('');
  const [state, setState] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useReleases({ ...(q ? { q } : {}), ...(state ? { state } : {}) });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={t('rel.search')} onSearch={setQ} style={{ width: 280 }} />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('rel.state')}
          value={state}
          onChange={setState}
          options={RELEASE_STATES.map((s) => ({ value: s, label: t(`release.state.${s}`) }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="release-new">
          {t('rel.new')}
        </Button>
      </Space>
      <Table<ReleaseSummary>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          {
            title: t('rel.number'),
            dataIndex: 'number',
            width: 170,
            render: (n: string, r) => <Link to={`/console/releases/${r.id}`}>{n}</Link>,
          },
          { title: t('rel.titleField'), dataIndex: 'title' },
          { title: t('rel.version'), dataIndex: 'version', width: 100 },
          {
            title: t('rel.type'),
            dataIndex: 'type',
            width: 110,
            render: (v: string) => t(`release.type.${v}` as 'release.type.minor'),
          },
          {
            title: t('rel.state'),
            dataIndex: 'state',
            width: 130,
            render: (s: string) => <Tag color={stateColor(s)}>{t(`release.state.${s}` as 'release.state.draft')}</Tag>,
          },
          {
            title: t('rel.releaseDate'),
            dataIndex: 'releaseDate',
            width: 150,
            render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : ''),
          },
        ]}
      />
      {creating && <NewReleaseModal onClose={() => setCreating(false)} />}
    </>
  );
}

interface ChangeOption {
  id: string;
  number: string;
  title: string;
  state: string;
}

function NewReleaseModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const create = useCreateRelease();
  const onError = useFormErrorHandler();
  const services = useServices();
  const organizations = useOrganizations();
  const changes = useQuery({
    queryKey: ['changes', 'for-release'],
    queryFn: () => api.get<{ items: ChangeOption[] }>('/changes', { limit: 500 }),
  });
  const submit = async (values: Record<string, unknown>) => {
    try {
      const release = await create.mutateAsync({
        ...values,
        plan: {
          releaseDate: values.releaseDate ? (values.releaseDate as Dayjs).toISOString() : undefined,
          deliverables: values.deliverables ?? '',
          backoutPlan: values.backoutPlan ?? '',
        },
        releaseDate: undefined,
        deliverables: undefined,
        backoutPlan: undefined,
      });
      navigate(`/console/releases/${release.id}`);
    } catch (error) {
      onError(form, error);
    }
  };
  return (
    <Modal
      open
      title={t('rel.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('rel.save')}
      confirmLoading={create.isPending}
      width={720}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ type: 'minor', changeIds: [] }}
        data-testid="release-form"
      >
        <Form.Item name="title" label={t('rel.titleField')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="release-title" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="version" label={t('rel.version')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="release-version" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="type" label={t('rel.type')}>
            <Select
              style={{ width: 160 }}
              options={RELEASE_TYPES.map((v) => ({ value: v, label: t(`release.type.${v}`) }))}
            />
          </Form.Item>
          <Form.Item name="releaseDate" label={t('rel.releaseDate')}>
            <DatePicker showTime data-testid="release-date" />
          </Form.Item>
        </Space>
        <Form.Item name="changeIds" label={t('rel.changes')} extra={t('rel.changesHelp')}>
          <Select
            mode="multiple"
            data-testid="release-changes"
            optionFilterProp="label"
            options={(changes.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.number} ${c.title} · ${t(`change.state.${c.state}` as 'change.state.draft')}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="serviceIds" label={t('rel.services')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={(services.data ?? []).map((s) => ({
              value: s.id,
              label: locale === 'zh-CN' ? s.nameZh : s.nameEn,
            }))}
          />
        </Form.Item>
        <Form.Item name="organizationId" label={t('rel.organization')}>
          <Select allowClear options={(organizations.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="customerRepIds" label={t('rel.customerReps')}>
          <UserPicker mode="multiple" />
        </Form.Item>
        <Form.Item name="deliverables" label={t('release.plan.deliverables')}>
          <Input.TextArea rows={2} data-testid="release-deliverables" />
        </Form.Item>
        <Form.Item name="backoutPlan" label={t('release.plan.backoutPlan')}>
          <Input.TextArea rows={2} data-testid="release-backout" />
        </Form.Item>
        <Form.Item name="description" label={t('rel.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The release calendar shares the change calendar's view: the same month grid with the maintenance
 * windows, blackouts and scheduled changes (from the change calendar's API), and on top of them the
 * release dates and each site's deployment window.
 */
function ReleaseCalendar() {
  const t = useT();
  const [month, setMonth] = useState(() => dayjs());
  const from = month.startOf('month').subtract(7, 'day').toISOString();
  const to = month.endOf('month').add(7, 'day').toISOString();
  const releases = useReleaseCalendar(from, to);
  const changes = useQuery({
    queryKey: ['changes', 'calendar', { from, to }],
    queryFn: () =>
      api.get<{
        changes: { id: string; number: string; start: string; end: string }[];
        windows: { id: string; name: string; kind: string; start: string; end: string }[];
      }>('/change-calendar', { from, to }),
  });
  const overlaps = (d: Dayjs, start: string, end: string) =>
    dayjs(start).isBefore(d.endOf('day')) && dayjs(end).isAfter(d.startOf('day'));
  const cell = (d: Dayjs) => (
    <div data-testid={`rel-cal-${d.format('YYYY-MM-DD')}`}>
      {(changes.data?.windows ?? [])
        .filter((w) => overlaps(d, w.start, w.end))
        .map((w) => (
          <Badge key={`${w.id}-${w.start}`} color={w.kind === 'blackout' ? 'red' : 'blue'} text={w.name} />
        ))}
      {(releases.data?.releases ?? [])
        .filter((r) => dayjs(r.releaseDate).isSame(d, 'day'))
        .map((r) => (
          <div key={r.id}>
            <Link to={`/console/releases/${r.id}`}>
              <Tag color="purple">
                {r.number} {r.version}
              </Tag>
            </Link>
          </div>
        ))}
      {(releases.data?.sites ?? [])
        .filter((s) => overlaps(d, s.windowStart, s.windowEnd))
        .map((s) => (
          <div key={s.id}>
            <Link to={`/console/releases/${s.releaseId}`}>
              <Tag color="geekblue">
                {s.number} · {s.location} · {t(`release.site.state.${s.state}` as 'release.site.state.pending')}
              </Tag>
            </Link>
          </div>
        ))}
      {(changes.data?.changes ?? [])
        .filter((c) => overlaps(d, c.start, c.end))
        .map((c) => (
          <div key={c.id}>
            <Link to={`/console/changes/${c.number}`}>
              <Tag>{c.number}</Tag>
            </Link>
          </div>
        ))}
    </div>
  );
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Tag color="purple">{t('rel.calendar.releases')}</Tag>
        <Tag color="geekblue">{t('rel.calendar.sites')}</Tag>
      </Space>
      <Calendar
        value={month}
        onPanelChange={(d) => setMonth(d)}
        onSelect={(d) => setMonth(d)}
        cellRender={(d, info) => (info.type === 'date' ? cell(d) : null)}
      />
    </>
  );
}

/** The definitive software library (最终软件库): approved packages, versions, checksums, licences, where they are kept. */
function DslRegister() {
  const t = useT();
  return (
    <RegisterPage<DslItem, Partial<DslItem>>
      embedded
      path="/dsl-items"
      title={t('rel.dsl.title')}
      newLabel={t('rel.dsl.new')}
      testId="dsl"
      defaults={{ active: true }}
      columns={[
        { title: t('rel.dsl.name'), dataIndex: 'name' },
        { title: t('rel.dsl.version'), dataIndex: 'version', width: 100 },
        { title: t('rel.dsl.checksum'), dataIndex: 'checksum', ellipsis: true },
        { title: t('rel.dsl.licence'), dataIndex: 'licence' },
        { title: t('rel.dsl.location'), dataIndex: 'location', ellipsis: true },
      ]}
      fields={[
        { name: 'name', label: t('rel.dsl.name'), kind: 'text', required: true, maxLength: 200 },
        { name: 'version', label: t('rel.dsl.version'), kind: 'text', required: true, maxLength: 100 },
        { name: 'checksum', label: t('rel.dsl.checksum'), kind: 'text', required: true, maxLength: 71 },
        { name: 'licence', label: t('rel.dsl.licence'), kind: 'text', required: true, maxLength: 200 },
        { name: 'location', label: t('rel.dsl.location'), kind: 'text', required: true, maxLength: 1000 },
        { name: 'vendor', label: t('rel.dsl.vendor'), kind: 'text', maxLength: 200 },
        { name: 'notes', label: t('rel.dsl.notes'), kind: 'text', maxLength: 4000 },
      ]}
    />
  );
}
