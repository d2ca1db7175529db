import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useReportError } from '../../../app/errors';
import { type TranslationKey, useLocale, useT } from '../../../app/i18n';
import { usePageTitle } from '../../../app/usePageTitle';
import {
  type ChangeView,
  useChange,
  useChangeWrite,
  useCiVersions,
  useConflicts,
  usePirCandidates,
  useRiskQuestions,
} from '../api';
import { RISK_COLOR } from './ChangesPage';

const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/** The state actions with no input, in the order the life cycle reaches them. */
const SIMPLE_ACTIONS = [
  ['submit', 'submit'],
  ['assess', 'assess'],
  ['requestApproval', 'request-approval'],
  ['start', 'start'],
  ['review', 'review'],
  ['close', 'close'],
] as const;
const ACTION_LABEL: Record<string, string> = {
  submit: 'submit',
  assess: 'assess',
  requestApproval: 'request_approval',
  start: 'start',
  review: 'review',
  close: 'close',
};

/** One change: the RFC and plan, risk, approvals, tasks, conflicts, CI versions, PIR and timeline. */
export function ChangePage() {
  const t = useT();
  const { id = '' } = useParams();
  const change = useChange(id);
  const write = useChangeWrite();
  const report = useReportError();
  usePageTitle(change.data ? `${change.data.number} ${change.data.title}` : t('chg.title'));
  if (change.isError) return <Alert type="error" message={String(change.error)} />;
  const c = change.data;
  if (!c) return <Card loading />;
  const act = async (path: string, body?: unknown, method: 'POST' | 'PATCH' = 'POST') => {
    try {
      await write.mutateAsync({ url: `/changes/${c.id}${path}`, body, method });
    } catch (e) {
      report(e);
    }
  };
  const tabs = [
    { key: 'plan', label: t('chg.tabs.plan'), children: <PlanTab c={c} act={act} /> },
    { key: 'risk', label: t('chg.tabs.risk'), children: <RiskTab c={c} act={act} /> },
    { key: 'approvals', label: t('chg.tabs.approvals'), children: <ApprovalsTab c={c} act={act} /> },
    { key: 'tasks', label: t('chg.tabs.tasks'), children: <TasksTab c={c} act={act} /> },
    { key: 'conflicts', label: t('chg.tabs.conflicts'), children: <ConflictsTab id={c.id} version={c.version} /> },
    { key: 'versions', label: t('chg.tabs.versions'), children: <VersionsTab id={c.id} version={c.version} /> },
    { key: 'pir', label: t('chg.tabs.pir'), children: <PirTab c={c} act={act} /> },
    { key: 'timeline', label: t('chg.tabs.timeline'), children: <TimelineTab c={c} /> },
  ];
  return (
    <Card>
      <Space align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.number} {c.title}
        </Typography.Title>
        <Tag color="blue" data-testid="chg-state">
          {t(`change.state.${c.state}` as TranslationKey)}
        </Tag>
        <Tag>{t(`change.type.${c.type}` as TranslationKey)}</Tag>
        {c.riskLevel && <Tag color={RISK_COLOR[c.riskLevel]}>{t(`change.risk.${c.riskLevel}` as TranslationKey)}</Tag>}
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        {SIMPLE_ACTIONS.filter(([ability]) => c.abilities[ability]).map(([ability, path]) => (
          <Button key={ability} type="primary" onClick={() => act(`/${path}`)} data-testid={`act-${path}`}>
            {t(`change.action.${ACTION_LABEL[ability]}` as TranslationKey)}
          </Button>
        ))}
        {c.abilities.complete && (
          <Button type="primary" onClick={() => act('/complete', { note: '' })} data-testid="act-complete">
            {t('change.action.complete')}
          </Button>
        )}
        {c.abilities.cancel && (
          <Popconfirm title={t('change.action.cancel')} onConfirm={() => act('/cancel', { note: '' })}>
            <Button danger>{t('change.action.cancel')}</Button>
          </Popconfirm>
        )}
      </Space>
      <Tabs items={tabs} />
    </Card>
  );
}

type Act = (path: string, body?: unknown, method?: 'POST' | 'PATCH') => Promise<void>;

function PlanTab({ c, act }: { c: ChangeView; act: Act }) {
  const t = useT();
  const { locale } = useLocale();
  const [window, setWindow] = useState<[Dayjs, Dayjs] | null>(null);
  return (
    <>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('chg.purpose')}>{c.purpose}</Descriptions.Item>
        <Descriptions.Item label={t('chg.content')}>{c.content}</Descriptions.Item>
        <Descriptions.Item label={t('chg.reason')}>{c.reason}</Descriptions.Item>
        <Descriptions.Item label={t('chg.plan')}>
          <ol style={{ margin: 0 }}>
            {c.plan.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are ordered and may repeat a title
              <li key={`${i}-${s.title}`}>{s.detail ? `${s.title}：${s.detail}` : s.title}</li>
            ))}
          </ol>
        </Descriptions.Item>
        <Descriptions.Item label={t('chg.backout')}>{c.backoutPlan}</Descriptions.Item>
        <Descriptions.Item label={t('chg.testPlan')}>{c.testPlan}</Descriptions.Item>
        <Descriptions.Item label={t('chg.cis')}>
          {c.cis.map((x) => (
            <Tag key={x.id}>{x.name}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('chg.filterService')}>
          {c.services.map((s) => (
            <Tag key={s.id}>{locale === 'en-US' ? s.nameEn : s.nameZh}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('chg.window')}>
          <span data-testid="chg-window">
            {fmt(c.plannedStart)} ~ {fmt(c.plannedEnd)}
          </span>{' '}
          {c.plannedStart && (
            <Tag color={c.window.fits ? 'green' : 'red'}>
              {c.window.fits ? t('chg.fitsWindow') : t('chg.outsideWindow')}
            </Tag>
          )}
        </Descriptions.Item>
        {c.overrideReason && <Descriptions.Item label={t('chg.overrideReason')}>{c.overrideReason}</Descriptions.Item>}
      </Descriptions>
      {c.abilities.edit && (
        <Space style={{ marginTop: 12 }}>
          <DatePicker.RangePicker
            showTime
            value={window}
            onChange={(v) => setWindow(v as [Dayjs, Dayjs] | null)}
            data-testid="chg-reschedule"
          />
          <Button
            disabled={!window}
            data-testid="chg-reschedule-save"
            onClick={() =>
              window && act('', { plannedStart: window[0].toISOString(), plannedEnd: window[1].toISOString() }, 'PATCH')
            }
          >
            {t('chg.submit')}
          </Button>
        </Space>
      )}
    </>
  );
}

function RiskTab({ c, act }: { c: ChangeView; act: Act }) {
  const t = useT();
  const { locale } = useLocale();
  const questions = useRiskQuestions();
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const list = questions.data ?? [];
  return (
    <>
      {c.riskLevel && (
        <Typography.Paragraph>
          {t('chg.score')}: <b data-testid="chg-score">{c.riskScore ?? '—'}</b>{' '}
          <Tag color={RISK_COLOR[c.riskLevel]}>{t(`change.risk.${c.riskLevel}` as TranslationKey)}</Tag>
        </Typography.Paragraph>
      )}
      {c.abilities.assessRisk &&
        (list.length ? (
          <Form layout="vertical">
            {list.map((q) => (
              <Form.Item key={q.id} label={locale === 'en-US' ? q.textEn : q.textZh}>
                <Select
                  style={{ width: 240 }}
                  value={answers[q.id]}
                  onChange={(v) => setAnswers({ ...answers, [q.id]: v })}
                  options={q.answers.map((a, i) => ({ value: i, label: locale === 'en-US' ? a.labelEn : a.labelZh }))}
                  data-testid={`risk-q-${q.id}`}
                />
              </Form.Item>
            ))}
            <Button
              type="primary"
              data-testid="risk-calc"
              onClick={() =>
                act('/risk', {
                  answers: Object.entries(answers).map(([questionId, answer]) => ({ questionId, answer })),
                })
              }
            >
              {t('chg.assessRisk')}
            </Button>
          </Form>
        ) : (
          <Empty description={t('chg.noQuestions')} />
        ))}
    </>
  );
}

function ApprovalsTab({ c, act }: { c: ChangeView; act: Act }) {
  const t = useT();
  const [reason, setReason] = useState('');
  if (!c.approvals.length) return <Empty description={t('chg.noApprovals')} />;
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.approvals}
        columns={[
          { title: t('chg.level'), dataIndex: 'name', render: (v: string, a) => `${a.round}. ${v}` },
          { title: t('chg.rule'), dataIndex: 'rule', render: (v: string) => t(`chg.rule.${v}` as TranslationKey) },
          { title: t('chg.state'), dataIndex: 'state' },
          { title: t('chg.approvers'), render: (_: unknown, a) => a.approvers.map((x) => x.name).join('、') },
          {
            title: t('chg.votes'),
            render: (_: unknown, a) =>
              a.votes.map((v) => (
                <Tag key={v.voter.id} color={v.vote === 'approve' ? 'green' : 'red'}>
                  {v.voter.name}
                  {v.reason ? `：${v.reason}` : ''}
                </Tag>
              )),
          },
        ]}
      />
      {c.abilities.vote && (
        <Space style={{ marginTop: 12 }}>
          <Input placeholder={t('chg.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button type="primary" data-testid="vote-approve" onClick={() => act('/vote', { vote: 'approve' })}>
            {t('chg.approve')}
          </Button>
          <Button
            danger
            data-testid="vote-reject"
            disabled={!reason.trim()}
            onClick={() => act('/vote', { vote: 'reject', reason })}
          >
            {t('chg.reject')}
          </Button>
        </Space>
      )}
    </>
  );
}

function TasksTab({ c, act }: { c: ChangeView; act: Act }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  return (
    <>
      <List
        bordered
        dataSource={c.tasks}
        renderItem={(task) => (
          <List.Item
            actions={
              c.abilities.workTasks && (task.state === 'open' || task.state === 'in_progress')
                ? [
                    task.state === 'open' && (
                      <Button
                        key="s"
                        size="small"
                        onClick={() => act(`/tasks/${task.id}`, { state: 'in_progress' }, 'PATCH')}
                      >
                        {t('chg.startTask')}
                      </Button>
                    ),
                    <Button
                      key="d"
                      size="small"
                      type="primary"
                      data-testid={`task-done-${task.seq}`}
                      onClick={() => act(`/tasks/${task.id}`, { state: 'done' }, 'PATCH')}
                    >
                      {t('chg.finishTask')}
                    </Button>,
                  ].filter(Boolean)
                : []
            }
          >
            {task.seq}. {task.title} <Tag>{task.state}</Tag> {task.assignee?.name} {task.note}
          </List.Item>
        )}
      />
      {c.abilities.addTask && (
        <Space style={{ marginTop: 12 }}>
          <Input
            placeholder={t('chg.task')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="task-title"
          />
          <Button
            disabled={!title.trim()}
            onClick={() => act('/tasks', { title }).then(() => setTitle(''))}
            data-testid="task-add"
          >
            {t('chg.addTask')}
          </Button>
        </Space>
      )}
      {c.abilities.verify && (
        <Space style={{ marginTop: 12, display: 'flex' }}>
          <Input
            placeholder={t('chg.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="verify-note"
          />
          <Button disabled={!note.trim()} onClick={() => act('/verify', { note })} data-testid="act-verify">
            {t('chg.verify')}
          </Button>
        </Space>
      )}
      {c.verification && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          message={`${t('chg.verified')}: ${c.verification.by.name} · ${fmt(c.verification.at)} · ${c.verification.note}`}
        />
      )}
    </>
  );
}

function ConflictsTab({ id, version }: { id: string; version: number }) {
  const t = useT();
  const { locale } = useLocale();
  const conflicts = useConflicts(`${id}`);
  void version;
  const items = conflicts.data?.items ?? [];
  if (!items.length) return <Empty description={t('chg.noConflicts')} />;
  return (
    <List
      dataSource={items}
      renderItem={(x) => (
        <List.Item data-testid="conflict">
          <Tag color="red">{x.kind}</Tag>
          {t(x.message as TranslationKey, {
            number: x.change?.number ?? '',
            ci: x.ci?.name ?? '',
            depth: x.ci?.depth ?? '',
            service: x.service ? (locale === 'en-US' ? x.service.nameEn : x.service.nameZh) : '',
            window: x.window?.name ?? '',
          })}{' '}
          {x.change && <Link to={`/console/changes/${x.change.number}`}>{x.change.number}</Link>}
        </List.Item>
      )}
    />
  );
}

function VersionsTab({ id, version }: { id: string; version: number }) {
  const t = useT();
  const versions = useCiVersions(id);
  void version;
  const items = versions.data?.items ?? [];
  if (!items.length) return <Empty description={t('chg.noVersions')} />;
  return (
    <Table
      rowKey={(v) => `${v.ci.id}-${v.version}`}
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        {
          title: t('chg.cis'),
          render: (_: unknown, v) => <Link to={`/console/cmdb/cis/${v.ci.id}`}>{v.ci.name}</Link>,
        },
        { title: 'v', dataIndex: 'version' },
        { title: t('chg.createdAt'), dataIndex: 'at', render: (v: string) => fmt(v) },
        {
          title: t('chg.state'),
          dataIndex: 'unauthorized',
          render: (u: boolean) =>
            u ? <Tag color="red">{t('chg.unauthorized')}</Tag> : <Tag color="green">{t('chg.authorized')}</Tag>,
        },
      ]}
    />
  );
}

function PirTab({ c, act }: { c: ChangeView; act: Act }) {
  const t = useT();
  const candidates = usePirCandidates(c.id, c.abilities.writeReview === true);
  const [form] = Form.useForm();
  if (c.pir)
    return (
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('chg.objectivesMet')}>{c.pir.objectivesMet ? '✓' : '✗'}</Descriptions.Item>
        <Descriptions.Item label={t('chg.lessons')}>{c.pir.lessons}</Descriptions.Item>
        <Descriptions.Item label={t('chg.followUps')}>{c.pir.followUps.join('；')}</Descriptions.Item>
      </Descriptions>
    );
  if (!c.abilities.writeReview) return <Empty />;
  const save = async () => {
    const v = form.getFieldsValue();
    await act('/pir', {
      objectivesMet: Boolean(v.objectivesMet),
      lessons: v.lessons ?? '',
      followUps: String(v.followUps ?? '')
        .split('\n')
        .map((s: string) => s.trim())
        .filter(Boolean),
      incidentIds: v.incidentIds ?? [],
    });
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ objectivesMet: true }}>
      <Form.Item name="objectivesMet" valuePropName="checked">
        <Checkbox>{t('chg.objectivesMet')}</Checkbox>
      </Form.Item>
      <Form.Item name="incidentIds" label={t('chg.candidates')}>
        <Checkbox.Group
          options={(candidates.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.number} ${i.title}` }))}
        />
      </Form.Item>
      <Form.Item name="lessons" label={t('chg.lessons')}>
        <Input.TextArea rows={3} data-testid="pir-lessons" />
      </Form.Item>
      <Form.Item name="followUps" label={t('chg.followUps')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" onClick={save} data-testid="pir-save">
        {t('chg.savePir')}
      </Button>
    </Form>
  );
}

function TimelineTab({ c }: { c: ChangeView }) {
  const t = useT();
  return (
    <List
      size="small"
      dataSource={[...c.timeline].reverse()}
      renderItem={(e) => {
        const to = typeof e.data.to === 'string' ? e.data.to : null;
        return (
          <List.Item>
            {fmt(e.at)} · {e.actor?.name ?? ''} · {to ? t(`change.state.${to}` as TranslationKey) : e.type}{' '}
            {e.body ?? ''}
          </List.Item>
        );
      }}
    />
  );
}
