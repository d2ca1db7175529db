import {
  COMPLAINT_ABOUT,
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  COMPLAINT_SOURCES,
  type Complaint,
  type ComplaintAction,
  type ComplaintSummary,
} from '@trellis/core/modules/relationship';
import {
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { type TranslationKey, useT } from '../../app/i18n';
import { useCan, useCurrentSession } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { UserPicker } from '../../kit/UserPicker';
import { useComplaint, useComplaints, useRelMutation } from './api';

const STATE_COLOR: Record<string, string> = {
  new: 'red',
  acknowledged: 'orange',
  investigating: 'gold',
  responded: 'blue',
  closed: 'green',
  withdrawn: 'default',
};
const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export function ComplaintStateTag({ state }: { state: string }) {
  const t = useT();
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {t(`complaint.state.${state}` as TranslationKey)}
    </Tag>
  );
}

function EscalationTag({ level }: { level: number }) {
  const t = useT();
  if (!level) return null;
  return <Tag color={level > 1 ? 'red' : 'volcano'}>{t('rel.complaint.level', { level })}</Tag>;
}

export function useComplaintColumns(base: string): ColumnsType<ComplaintSummary> {
  const t = useT();
  return [
    {
      title: t('rel.complaint.number'),
      dataIndex: 'number',
      width: 170,
      render: (n: string, c) => <Link to={`${base}/${c.number}`}>{n}</Link>,
    },
    { title: t('rel.complaint.titleField'), dataIndex: 'title' },
    {
      title: t('rel.complaint.state'),
      dataIndex: 'state',
      width: 100,
      render: (s: string) => <ComplaintStateTag state={s} />,
    },
    {
      title: t('rel.complaint.category'),
      dataIndex: 'category',
      width: 110,
      render: (c: string) => t(`rel.category.${c}` as TranslationKey),
    },
    { title: t('rel.complaint.organization'), dataIndex: ['organization', 'name'], width: 120 },
    {
      title: t('rel.complaint.escalation'),
      dataIndex: 'escalation',
      width: 110,
      render: (l: number, c) => (
        <Space size={2}>
          <EscalationTag level={l} />
          {c.breached && <Tag color="red">{t('rel.complaint.breached')}</Tag>}
        </Space>
      ),
    },
    { title: t('rel.complaint.createdAt'), dataIndex: 'createdAt', width: 140, render: fmt },
  ];
}

interface NewComplaint {
  title: string;
  description: string;
  complainantId?: string;
  source: string;
  about: string;
  aboutRecord?: string;
  category: string;
  severity: string;
  expectation?: string;
}

export function NewComplaintModal({ open, onClose, staff }: { open: boolean; onClose: () => void; staff: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const create = useRelMutation((values: NewComplaint) =>
    api.post<{ id: string; number: string }>('/complaints', values),
  );
  return (
    <FormModal<NewComplaint>
      open={open}
      title={staff ? t('rel.complaints.new') : t('rel.portal.complain')}
      onClose={onClose}
      testId="new-complaint"
      initialValues={{ source: staff ? 'phone' : 'portal', about: 'provider', category: 'other', severity: 'medium' }}
      onSubmit={async (values) => {
        const created = await create.mutateAsync(values);
        navigate(`${staff ? '/console' : '/portal'}/complaints/${created.number}`);
      }}
    >
      <Form.Item name="title" label={t('rel.complaint.titleField')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('rel.complaint.description')} rules={[{ required: true }]}>
        <Input.TextArea autoSize={{ minRows: 3 }} />
      </Form.Item>
      {staff && (
        <>
          <Form.Item name="complainantId" label={t('rel.complaint.complainantId')} rules={[{ required: true }]}>
            <UserPicker />
          </Form.Item>
          <Form.Item name="source" label={t('rel.complaint.sourcePick')}>
            <Select
              options={COMPLAINT_SOURCES.map((s) => ({ value: s, label: t(`rel.source.${s}` as TranslationKey) }))}
            />
          </Form.Item>
        </>
      )}
      <Form.Item name="about" label={t('rel.complaint.about')}>
        <Select
          options={COMPLAINT_ABOUT.filter((a) => a !== 'person' || staff).map((a) => ({
            value: a,
            label: t(`rel.about.${a}` as TranslationKey),
          }))}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.about !== b.about}>
        {({ getFieldValue }) =>
          getFieldValue('about') === 'record' && (
            <Form.Item name="aboutRecord" label={t('rel.complaint.aboutRecord')} rules={[{ required: true }]}>
              <Input placeholder="INC-2026-000123" />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="category" label={t('rel.complaint.category')}>
        <Select
          options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`rel.category.${c}` as TranslationKey) }))}
        />
      </Form.Item>
      <Form.Item name="severity" label={t('rel.complaint.severity')}>
        <Select
          options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`rel.severity.${s}` as TranslationKey) }))}
        />
      </Form.Item>
      <Form.Item name="expectation" label={t('rel.complaint.expectation')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
    </FormModal>
  );
}

/** 投诉登记 in the console: open, closed, all. */
export function ComplaintsPage() {
  const t = useT();
  const [state, setState] = useState<'open' | 'closed' | 'all'>('open');
  const [creating, setCreating] = useState(false);
  const list = useComplaints(state);
  const canLog = useCan('complaint.log');
  usePageTitle(t('rel.complaints.title'));
  return (
    <Card
      title={t('rel.complaints.title')}
      extra={
        canLog && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="new-complaint-button">
            {t('rel.complaints.new')}
          </Button>
        )
      }
    >
      <Segmented
        value={state}
        onChange={(v) => setState(v as typeof state)}
        options={[
          { value: 'open', label: t('rel.complaints.open') },
          { value: 'closed', label: t('rel.complaints.closed') },
          { value: 'all', label: t('rel.complaints.all') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <div data-testid="complaints-table">
        <Table
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          columns={useComplaintColumns('/console/complaints')}
          pagination={{ pageSize: 50 }}
        />
      </div>
      <NewComplaintModal open={creating} onClose={() => setCreating(false)} staff />
    </Card>
  );
}

function timelineLabel(t: ReturnType<typeof useT>, type: string, data: Record<string, unknown>): string {
  const action = type.replace(/^complaint_/, '');
  if (type === 'complaint_escalated')
    return `${t('rel.complaint.escalation')} · ${t('rel.complaint.level', { level: String(data.level) })}`;
  if (type === 'complaint_responded') return t('complaint.action.respond');
  if (['acknowledge', 'investigate', 'reject_response', 'close', 'withdraw'].includes(action))
    return t(`complaint.action.${action}` as TranslationKey);
  if (type === 'complaint_action_added') return t('rel.complaint.addAction');
  if (type === 'complaint_action_status') return `${t('rel.complaint.actions')} · ${String(data.status)}`;
  if (type === 'complaint_updated') return t('rel.complaint.saved');
  return type;
}

function HandlingForm({ complaint }: { complaint: Complaint }) {
  const t = useT();
  const [form] = Form.useForm();
  const { message } = AntApp.useApp();
  const report = useReportError();
  const save = useRelMutation((values: Record<string, unknown>) =>
    api.patch<Complaint>(`/complaints/${complaint.id}`, values),
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        investigation: complaint.investigation,
        rootCause: complaint.rootCause,
        problem: complaint.problem?.number ?? '',
        response: complaint.response,
      }}
      onFinish={async (values) => {
        try {
          await save.mutateAsync({ ...values, problem: values.problem ? values.problem : null });
          message.success(t('rel.complaint.saved'));
        } catch (error) {
          report(error);
        }
      }}
      data-testid="complaint-handling"
    >
      <Form.Item name="investigation" label={t('rel.complaint.investigation')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={16}>
          <Form.Item name="rootCause" label={t('rel.complaint.rootCause')}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="problem" label={t('rel.complaint.problem')}>
            <Input placeholder="PRB-2026-000001" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="response" label={t('rel.complaint.response')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending} data-testid="complaint-save">
        {t('rel.complaint.save')}
      </Button>
    </Form>
  );
}

function ActionsCard({ complaint, editable }: { complaint: Complaint; editable: boolean }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const add = useRelMutation((values: { title: string; ownerId: string; dueDate: dayjs.Dayjs }) =>
    api.post(`/complaints/${complaint.id}/actions`, { ...values, dueDate: values.dueDate.format('YYYY-MM-DD') }),
  );
  const done = useRelMutation((actionId: string) =>
    api.patch(`/complaints/${complaint.id}/actions/${actionId}`, { status: 'done' }),
  );
  return (
    <Card
      size="small"
      title={t('rel.complaint.actions')}
      extra={
        editable && (
          <Button size="small" onClick={() => setAdding(true)} data-testid="add-action">
            {t('rel.complaint.addAction')}
          </Button>
        )
      }
    >
      <List
        dataSource={complaint.actions}
        renderItem={(a) => (
          <List.Item
            data-testid="complaint-action"
            actions={
              a.status === 'open' && editable
                ? [
                    <Button key="done" size="small" onClick={() => done.mutate(a.id)} data-testid="action-done">
                      {t('rel.complaint.actionDone')}
                    </Button>,
                  ]
                : [<Tag key="s">{a.status}</Tag>]
            }
          >
            <List.Item.Meta title={a.title} description={`${a.owner.name} · ${a.dueDate}`} />
          </List.Item>
        )}
      />
      <FormModal<{ title: string; ownerId: string; dueDate: dayjs.Dayjs }>
        open={adding}
        title={t('rel.complaint.addAction')}
        onClose={() => setAdding(false)}
        testId="complaint-action"
        onSubmit={(values) => add.mutateAsync(values)}
      >
        <Form.Item name="title" label={t('rel.complaint.actionTitle')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="ownerId" label={t('rel.complaint.owner')} rules={[{ required: true }]}>
          <UserPicker filter={{ staff: 'true' }} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('rel.complaint.dueDate')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/** One complaint: what was complained about, its targets, the handling, the actions, the history. */
export function ComplaintDetail({ area }: { area: 'console' | 'portal' }) {
  const t = useT();
  const { id = '' } = useParams();
  const query = useComplaint(id);
  const session = useCurrentSession();
  const report = useReportError();
  const act = useRelMutation(({ action, accepted }: { action: ComplaintAction; accepted?: boolean }) =>
    api.post<Complaint>(`/complaints/${encodeURIComponent(id)}/${action}`, accepted === undefined ? {} : { accepted }),
  );
  const share = useRelMutation((shared: boolean) =>
    api.patch(`/complaints/${encodeURIComponent(id)}`, { sharedWithSubject: shared }),
  );
  usePageTitle(query.data?.number);
  if (query.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (query.error) return <Result status="404" title={t('notFound.title')} />;
  const c = query.data;
  const staff = area === 'console';
  const complainant = c.complainant.id === session.user.id;
  const editable = staff && c.allowedActions.length > 0 && !['closed', 'withdrawn'].includes(c.state);
  const buttons = c.allowedActions.filter(
    (a) => staff || (complainant && ['close', 'reject_response', 'withdraw'].includes(a)),
  );
  const label = (a: ComplaintAction) =>
    !staff && a === 'close'
      ? t('rel.portal.accept')
      : !staff && a === 'reject_response'
        ? t('rel.portal.reject')
        : t(`complaint.action.${a}` as TranslationKey);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="complaint-page">
      <Card
        title={
          <Space wrap>
            <span data-testid="complaint-number">{c.number}</span>
            <ComplaintStateTag state={c.state} />
            <EscalationTag level={c.escalation} />
            {c.breached && <Tag color="red">{t('rel.complaint.breached')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {buttons.map((a) => (
              <Button
                key={a}
                type={a === 'close' || a === 'respond' || a === 'acknowledge' ? 'primary' : 'default'}
                loading={act.isPending}
                data-testid={`complaint-${a}`}
                onClick={() =>
                  act.mutateAsync({ action: a, ...(a === 'close' && staff ? { accepted: true } : {}) }).catch(report)
                }
              >
                {label(a)}
              </Button>
            ))}
          </Space>
        }
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {c.title}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('rel.complaint.complainant')}>{c.complainant.name}</Descriptions.Item>
          <Descriptions.Item label={t('rel.complaint.organization')}>{c.organization.name}</Descriptions.Item>
          <Descriptions.Item label={t('rel.complaint.category')}>
            {t(`rel.category.${c.category}` as TranslationKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('rel.complaint.severity')}>
            {t(`rel.severity.${c.severity}` as TranslationKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('rel.complaint.source')}>
            {t(`rel.source.${c.source}` as TranslationKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('rel.complaint.about')}>
            {t(`rel.about.${c.about}` as TranslationKey)}
            {c.aboutRecord && ` · ${c.aboutRecord.number}`}
            {c.aboutService && ` · ${c.aboutService.name}`}
          </Descriptions.Item>
          {staff && c.aboutPerson && (
            <Descriptions.Item label={t('rel.complaint.aboutPerson')}>
              {c.aboutPerson.name}{' '}
              {c.canManage && (
                <Checkbox
                  checked={c.sharedWithSubject}
                  onChange={(e) => share.mutateAsync(e.target.checked).catch(report)}
                >
                  {t('rel.complaint.share')}
                </Checkbox>
              )}
            </Descriptions.Item>
          )}
          {c.expectation && (
            <Descriptions.Item label={t('rel.complaint.expectation')}>{c.expectation}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('rel.complaint.assignee')}>{c.assignee?.name ?? '—'}</Descriptions.Item>
          {staff && (
            <Descriptions.Item label={t('rel.complaint.targets')}>
              {t('rel.complaint.ackDue')} {fmt(c.acknowledgeDueAt)} · {t('rel.complaint.respondDue')}{' '}
              {fmt(c.respondDueAt)} · {t('rel.complaint.closeDue')} {fmt(c.closeDueAt)}
            </Descriptions.Item>
          )}
          {c.response && (
            <Descriptions.Item label={t('rel.complaint.response')} span={2}>
              <span data-testid="complaint-response">{c.response}</span>
            </Descriptions.Item>
          )}
          {c.accepted !== null && (
            <Descriptions.Item label={t('rel.complaint.accepted')}>
              {c.accepted ? t('rel.complaint.accepted') : t('rel.complaint.notAccepted')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {editable && (
        <Card size="small" title={t('rel.complaint.handling')}>
          <HandlingForm key={c.timeline.length} complaint={c} />
        </Card>
      )}
      {staff && <ActionsCard complaint={c} editable={editable} />}
      <Card size="small" title={t('rel.complaint.timeline')}>
        <Timeline
          items={c.timeline.map((e) => ({
            children: (
              <div data-testid="complaint-timeline-entry" data-type={e.type}>
                <Typography.Text strong>{timelineLabel(t, e.type, e.data)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {fmt(e.at)} {e.actor ?? ''}
                </Typography.Text>
                {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

export const ConsoleComplaintPage = () => <ComplaintDetail area="console" />;
export const PortalComplaintPage = () => <ComplaintDetail area="portal" />;
