import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Calendar,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
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
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../../app/api';
import { useReportError } from '../../../app/errors';
import { type TranslationKey, useLocale, useT } from '../../../app/i18n';
import { useCan } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { SourceSelect } from '../../../kit/SourceSelect';
import {
  type ChangeRow,
  type ChangeView,
  type MeetingView,
  useCalendar,
  useChanges,
  useChangeWrite,
  useMeeting,
  useMeetings,
  useTemplates,
} from '../api';

export const RISK_COLOR: Record<string, string> = { low: 'green', medium: 'gold', high: 'orange', major: 'red' };
const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/** 变更管理: the list, the RFC form, the change calendar and the CAB. */
export function ChangesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'list';
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const portal = useLocation().pathname.startsWith('/portal');
  const base = portal ? '/portal/changes' : '/console/changes';
  const cab = useCan('change.cab');
  usePageTitle(t('chg.title'));
  const list = useChanges({ q: q || undefined, limit: 200 });
  const columns = [
    {
      title: t('chg.number'),
      dataIndex: 'number',
      width: 170,
      render: (n: string, c: ChangeRow) => <Link to={`${base}/${c.number}`}>{n}</Link>,
    },
    { title: t('chg.subject'), dataIndex: 'title' },
    {
      title: t('chg.type'),
      dataIndex: 'type',
      width: 110,
      render: (v: string) => t(`change.type.${v}` as TranslationKey),
    },
    {
      title: t('chg.state'),
      dataIndex: 'state',
      width: 150,
      render: (v: string) => <Tag>{t(`change.state.${v}` as TranslationKey)}</Tag>,
    },
    {
      title: t('chg.risk'),
      dataIndex: 'riskLevel',
      width: 80,
      render: (v: string | null) =>
        v ? <Tag color={RISK_COLOR[v]}>{t(`change.risk.${v}` as TranslationKey)}</Tag> : '—',
    },
    {
      title: t('chg.window'),
      width: 300,
      render: (_: unknown, c: ChangeRow) => `${fmt(c.plannedStart)} ~ ${fmt(c.plannedEnd)}`,
    },
  ];
  const items = [
    {
      key: 'list',
      label: t('chg.tab.list'),
      children: (
        <>
          <Space style={{ marginBottom: 12 }}>
            <Input.Search allowClear placeholder={t('chg.search')} onSearch={setQ} style={{ width: 280 }} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="chg-new">
              {t('chg.new')}
            </Button>
          </Space>
          <Table
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            columns={columns}
          />
        </>
      ),
    },
    ...(portal ? [] : [{ key: 'calendar', label: t('chg.tab.calendar'), children: <ChangeCalendar base={base} /> }]),
    ...(cab && !portal ? [{ key: 'cab', label: t('chg.tab.cab'), children: <CabMeetings /> }] : []),
  ];
  return (
    <Card>
      <Typography.Title level={4}>{t('chg.title')}</Typography.Title>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={items} />
      {creating && <RfcForm onClose={() => setCreating(false)} base={base} portal={portal} />}
    </Card>
  );
}

function RfcForm({ onClose, base, portal }: { onClose: () => void; base: string; portal: boolean }) {
  const t = useT();
  const [form] = Form.useForm();
  const templates = useTemplates();
  const write = useChangeWrite();
  const report = useReportError();
  const navigate = useNavigate();
  const type = Form.useWatch('type', form);
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      title: v.title,
      type: v.templateId ? 'standard' : v.type,
      templateId: v.templateId || undefined,
      purpose: v.purpose ?? '',
      content: v.content ?? '',
      reason: v.reason ?? '',
      plan: String(v.plan ?? '')
        .split('\n')
        .map((s: string) => s.trim())
        .filter(Boolean)
        .map((title: string) => ({ title })),
      backoutPlan: v.backoutPlan ?? '',
      testPlan: v.testPlan ?? '',
      ciIds: String(v.ciIds ?? '')
        .split(/[,，\s]+/)
        .filter(Boolean),
      plannedStart: v.window?.[0] ? (v.window[0] as Dayjs).toISOString() : undefined,
      plannedEnd: v.window?.[1] ? (v.window[1] as Dayjs).toISOString() : undefined,
      estimatedCost: v.estimatedCost ?? undefined,
      estimatedEffortHours: v.estimatedEffortHours ?? undefined,
      overrideReason: v.overrideReason || undefined,
    };
    try {
      const created = (await write.mutateAsync({ url: '/changes', body })) as ChangeView;
      onClose();
      navigate(`${base}/${created.number}`);
    } catch (e) {
      report(e);
    }
  };
  return (
    <Modal
      open
      width={720}
      title={t('chg.new')}
      onCancel={onClose}
      onOk={submit}
      okText={t('chg.submit')}
      confirmLoading={write.isPending}
    >
      <Form form={form} layout="vertical" initialValues={{ type: 'normal' }}>
        <Form.Item name="title" label={t('chg.subject')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="rfc-title" />
        </Form.Item>
        {!portal && (
          <Space wrap>
            <Form.Item name="type" label={t('chg.type')}>
              <Select
                style={{ width: 180 }}
                options={['normal', 'emergency'].map((v) => ({
                  value: v,
                  label: t(`change.type.${v}` as TranslationKey),
                }))}
              />
            </Form.Item>
            <Form.Item name="templateId" label={t('chg.template')}>
              <Select
                allowClear
                style={{ width: 260 }}
                placeholder={t('chg.noTemplate')}
                options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="purpose" label={t('chg.purpose')}>
          <Input.TextArea rows={2} data-testid="rfc-purpose" />
        </Form.Item>
        <Form.Item name="content" label={t('chg.content')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="reason" label={t('chg.reason')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="plan" label={`${t('chg.plan')}（${t('chg.planStep')}）`}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="backoutPlan" label={t('chg.backout')}>
          <Input.TextArea rows={2} data-testid="rfc-backout" />
        </Form.Item>
        <Form.Item name="testPlan" label={t('chg.testPlan')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {!portal && (
          <Form.Item name="ciIds" label={t('chg.ciIds')}>
            <Input data-testid="rfc-cis" />
          </Form.Item>
        )}
        <Form.Item name="window" label={t('chg.window')}>
          <DatePicker.RangePicker showTime data-testid="rfc-window" />
        </Form.Item>
        <Space>
          <Form.Item name="estimatedCost" label={t('chg.cost')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="estimatedEffortHours" label={t('chg.effort')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        {type === 'emergency' && (
          <Form.Item name="overrideReason" label={t('chg.overrideReason')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The change calendar: scheduled changes and windows per day, month or week, with the FSC exports. */
function ChangeCalendar({ base }: { base: string }) {
  const t = useT();
  const [month, setMonth] = useState(dayjs());
  const [mode, setMode] = useState<'month' | 'week'>('month');
  const [risk, setRisk] = useState<string | undefined>();
  const [serviceId, setServiceId] = useState<string | undefined>();
  const [ciId, setCiId] = useState<string | undefined>();
  const [groupId, setGroupId] = useState<string | undefined>();
  const [ciQ, setCiQ] = useState('');
  const { locale } = useLocale();
  const cis = useQuery({
    queryKey: ['changes', 'ci-options', ciQ],
    queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/cmdb/cis', ciQ ? { q: ciQ } : {}),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const from = (mode === 'month' ? month.startOf('month').subtract(7, 'day') : month.startOf('week')).toISOString();
  const to = (mode === 'month' ? month.endOf('month').add(7, 'day') : month.endOf('week')).toISOString();
  const calendar = useCalendar({ from, to, riskLevel: risk, serviceId, ciId, groupId });
  const changes = calendar.data?.changes ?? [];
  const windows = calendar.data?.windows ?? [];
  const onDay = (d: Dayjs) => ({
    changes: changes.filter((c) => dayjs(c.start).isBefore(d.endOf('day')) && dayjs(c.end).isAfter(d.startOf('day'))),
    windows: windows.filter((w) => dayjs(w.start).isBefore(d.endOf('day')) && dayjs(w.end).isAfter(d.startOf('day'))),
  });
  const cell = (d: Dayjs) => {
    const day = onDay(d);
    return (
      <div data-testid={`cal-${d.format('YYYY-MM-DD')}`}>
        {day.windows.map((w) => (
          <Badge key={`${w.id}-${w.start}`} color={w.kind === 'blackout' ? 'red' : 'blue'} text={w.name} />
        ))}
        {day.changes.map((c) => (
          <div key={c.id}>
            <Link to={`${base}/${c.number}`}>
              <Tag color={RISK_COLOR[c.riskLevel ?? ''] ?? 'default'}>{c.number}</Tag>
            </Link>
          </div>
        ))}
      </div>
    );
  };
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return (
    <>
      <Space style={{ marginBottom: 8 }} wrap>
        <Select
          value={mode}
          onChange={setMode}
          options={[
            { value: 'month', label: t('chg.month') },
            { value: 'week', label: t('chg.week') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('chg.filterRisk')}
          style={{ width: 140 }}
          value={risk}
          onChange={setRisk}
          options={['low', 'medium', 'high', 'major'].map((v) => ({
            value: v,
            label: t(`change.risk.${v}` as TranslationKey),
          }))}
        />
        <SourceSelect
          allowClear
          placeholder={t('chg.filterService')}
          style={{ width: 180 }}
          value={serviceId}
          onChange={(v) => setServiceId(v as string | undefined)}
          source={{
            path: '/services',
            label: (s: { nameZh: string; nameEn: string }) => (locale === 'zh-CN' ? s.nameZh : s.nameEn),
          }}
          data-testid="cal-service"
        />
        <Select
          allowClear
          showSearch
          filterOption={false}
          onSearch={setCiQ}
          placeholder={t('chg.filterCi')}
          style={{ width: 200 }}
          value={ciId}
          onChange={setCiId}
          options={(cis.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="cal-ci"
        />
        <SourceSelect
          allowClear
          placeholder={t('chg.filterGroup')}
          style={{ width: 160 }}
          value={groupId}
          onChange={(v) => setGroupId(v as string | undefined)}
          source={{ path: '/groups' }}
          data-testid="cal-group"
        />
        <Button href={`/api/v1/change-calendar/fsc?${range}&format=xlsx`}>{t('chg.exportXlsx')}</Button>
        <Button href={`/api/v1/change-calendar/fsc?${range}&format=ics`}>{t('chg.exportIcs')}</Button>
      </Space>
      {mode === 'month' ? (
        <Calendar
          value={month}
          onPanelChange={(d) => setMonth(d)}
          onSelect={(d) => setMonth(d)}
          cellRender={(d, info) => (info.type === 'date' ? cell(d) : null)}
        />
      ) : (
        <List
          bordered
          dataSource={Array.from({ length: 7 }, (_, i) => month.startOf('week').add(i, 'day'))}
          renderItem={(d) => (
            <List.Item>
              <Space align="start">
                <Typography.Text strong style={{ width: 110, display: 'inline-block' }}>
                  {d.format('MM-DD ddd')}
                </Typography.Text>
                {cell(d)}
              </Space>
            </List.Item>
          )}
        />
      )}
    </>
  );
}

/** CAB meetings: plan one (agenda from the changes awaiting the CAB), record decisions, minutes. */
function CabMeetings() {
  const t = useT();
  const meetings = useMeetings(true);
  const [open, setOpen] = useState<string | null>(null);
  const write = useChangeWrite();
  const report = useReportError();
  const [title, setTitle] = useState('');
  const plan = async () => {
    try {
      const m = (await write.mutateAsync({
        url: '/cab-meetings',
        body: { title: title || t('chg.tab.cab'), startsAt: new Date().toISOString() },
      })) as MeetingView;
      setOpen(m.id);
      await meetings.refetch();
    } catch (e) {
      report(e);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('chg.meeting')}
          data-testid="cab-title"
        />
        <Button type="primary" onClick={plan} data-testid="cab-new">
          {t('chg.newMeeting')}
        </Button>
      </Space>
      <List
        size="small"
        dataSource={meetings.data?.items ?? []}
        renderItem={(m) => (
          <List.Item
            actions={[
              <Button key="o" type="link" onClick={() => setOpen(m.id)}>
                {t('chg.agenda')}
              </Button>,
            ]}
          >
            {m.title} · {fmt(m.startsAt)}
          </List.Item>
        )}
      />
      {open && <Meeting id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function Meeting({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const meeting = useMeeting(id);
  const [deciding, setDeciding] = useState<MeetingView['items'][number] | null>(null);
  const [minutes, setMinutes] = useState<string | null>(null);
  const write = useChangeWrite();
  const report = useReportError();
  const save = async () => {
    try {
      await write.mutateAsync({
        url: `/cab-meetings/${id}/minutes`,
        body: { minutes: minutes ?? '' },
        method: 'PATCH',
      });
    } catch (e) {
      report(e);
    }
  };
  const m = meeting.data;
  return (
    <Modal open width={760} title={m?.title} onCancel={onClose} footer={null}>
      <Table
        rowKey="changeId"
        size="small"
        pagination={false}
        dataSource={m?.items ?? []}
        columns={[
          {
            title: t('chg.number'),
            dataIndex: 'number',
            render: (n: string) => <Link to={`/console/changes/${n}`}>{n}</Link>,
          },
          { title: t('chg.subject'), dataIndex: 'title' },
          {
            title: t('chg.risk'),
            dataIndex: 'riskLevel',
            render: (v: string | null) => (v ? t(`change.risk.${v}` as TranslationKey) : '—'),
          },
          {
            title: t('chg.decision'),
            dataIndex: 'decision',
            render: (v: string | null) => (v ? t(`change.decision.${v}` as TranslationKey) : '—'),
          },
          { title: t('chg.conditions'), dataIndex: 'conditions' },
          {
            title: '',
            key: 'decide',
            render: (_: unknown, item: MeetingView['items'][number]) => (
              <Button size="small" onClick={() => setDeciding(item)} data-testid={`cab-decide-${item.number}`}>
                {t('chg.recordDecision')}
              </Button>
            ),
          },
        ]}
      />
      {deciding && <DecisionForm meetingId={id} item={deciding} onClose={() => setDeciding(null)} />}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('chg.minutes')}
      </Typography.Title>
      <Input.TextArea rows={4} value={minutes ?? m?.minutes ?? ''} onChange={(e) => setMinutes(e.target.value)} />
      <Space style={{ marginTop: 8 }}>
        <Button onClick={save} disabled={minutes === null}>
          {t('chg.saveMinutes')}
        </Button>
        <Button href={`/api/v1/cab-meetings/${id}/minutes.xlsx`}>{t('chg.exportMinutes')}</Button>
      </Space>
    </Modal>
  );
}

interface DecisionValues {
  outcome: 'votes' | 'deferred';
  conditions?: string;
  votes?: { voterId: string; vote: 'approve' | 'reject'; reason?: string }[];
}

/** The CAB's decision on one change of the agenda: the members' votes (the CAB level's rule decides), or deferred. */
function DecisionForm({
  meetingId,
  item,
  onClose,
}: {
  meetingId: string;
  item: MeetingView['items'][number];
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<DecisionValues>();
  const outcome = Form.useWatch('outcome', form);
  const write = useChangeWrite();
  const report = useReportError();
  const submit = async (v: DecisionValues) => {
    try {
      await write.mutateAsync({
        url: `/cab-meetings/${meetingId}/decisions`,
        body: {
          changeId: item.changeId,
          decision: v.outcome === 'deferred' ? 'deferred' : undefined,
          conditions: v.conditions ?? '',
          votes: v.outcome === 'deferred' ? [] : (v.votes ?? []).map((x) => ({ ...x, reason: x.reason ?? '' })),
        },
      });
      onClose();
    } catch (e) {
      report(e);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={`${t('chg.recordDecision')} · ${item.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={write.isPending}
      data-testid="cab-decision"
    >
      <Form<DecisionValues>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'votes', conditions: item.conditions, votes: [{ vote: 'approve' }] }}
        onFinish={submit}
      >
        <Form.Item name="outcome" label={t('chg.decideBy')}>
          <Select
            data-testid="cab-outcome"
            options={[
              { value: 'votes', label: t('chg.decideVotes') },
              { value: 'deferred', label: t('chg.decideDefer') },
            ]}
          />
        </Form.Item>
        <Form.Item name="conditions" label={t('chg.conditions')}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="cab-conditions" />
        </Form.Item>
        {outcome !== 'deferred' && (
          <Form.List name="votes">
            {(fields, { add, remove }) => (
              <>
                <Typography.Text strong>{t('chg.votes')}</Typography.Text>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginTop: 8 }}>
                    <Form.Item name={[f.name, 'voterId']} rules={[{ required: true }]} noStyle>
                      <SourceSelect
                        placeholder={t('chg.voter')}
                        style={{ width: 200 }}
                        source={{ path: '/users', params: { staff: 'true' }, search: 'q' }}
                        data-testid={`cab-voter-${f.name}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'vote']} noStyle>
                      <Select
                        style={{ width: 100 }}
                        data-testid={`cab-vote-${f.name}`}
                        options={['approve', 'reject'].map((v) => ({
                          value: v,
                          label: t(`chg.vote.${v}` as TranslationKey),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'reason']} noStyle>
                      <Input placeholder={t('chg.voteReason')} style={{ width: 180 }} maxLength={2000} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                <div style={{ marginTop: 8 }}>
                  <Button onClick={() => add({ vote: 'approve' })} data-testid="cab-add-vote">
                    {t('chg.addVote')}
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
