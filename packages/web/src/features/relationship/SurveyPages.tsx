import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  QUESTION_TYPES,
  RESULT_DIMENSIONS,
  type Survey,
  type SurveyFollowup,
  type SurveyQuestion,
  type SurveyResults,
} from '@trellis/core/modules/relationship';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Progress,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { type TranslationKey, useLocale, useT } from '../../app/i18n';
import { useOrganizations } from '../../app/reference';
import { useCan } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { FormModal } from '../../kit/FormModal';
import { useCampaigns, useFollowups, useRelMutation, useResults, useSurvey, useSurveys, useVersions } from './api';
import { Chart, distributionOption } from './Chart';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

interface QuestionRow {
  id: string;
  type: SurveyQuestion['type'];
  required?: boolean;
  zh: string;
  en: string;
  options?: string;
}
interface DesignValues {
  name: string;
  kind: Survey['kind'];
  questions: QuestionRow[];
  on?: 'confirmed' | 'closed';
  kinds?: ('incident' | 'request')[];
  samplePercent: number;
  cooldownDays: number;
  linkDays: number;
  active: boolean;
}

const toRows = (qs: SurveyQuestion[]): QuestionRow[] =>
  qs.map((q) => ({
    id: q.id,
    type: q.type,
    required: q.required,
    zh: q.label.zh,
    en: q.label.en,
    options: (q.options ?? []).map((o) => `${o.id}=${o.label.zh}=${o.label.en}`).join('\n'),
  }));
const toQuestions = (rows: QuestionRow[]): SurveyQuestion[] =>
  rows.map((r) => ({
    id: r.id,
    type: r.type,
    required: Boolean(r.required),
    label: { zh: r.zh, en: r.en },
    ...(r.type === 'single' || r.type === 'multiple'
      ? {
          options: (r.options ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
              const [id = '', zh = '', en = ''] = line.split('=');
              return { id: id.trim(), label: { zh: zh.trim() || id.trim(), en: en.trim() || zh.trim() || id.trim() } };
            }),
        }
      : {}),
  }));

/** The designer: name, kind, trigger and sampling, and the questions (a change to them is a new version). */
function DesignerModal({ survey, open, onClose }: { survey?: Survey; open: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const save = useRelMutation((values: DesignValues) => {
    const body = {
      name: values.name,
      questions: toQuestions(values.questions),
      samplePercent: values.samplePercent,
      cooldownDays: values.cooldownDays,
      linkDays: values.linkDays,
      active: values.active,
      ...(values.kind === 'transactional' || survey?.kind === 'transactional'
        ? {
            trigger: {
              on: values.on ?? 'closed',
              kinds: values.kinds?.length ? values.kinds : ['incident'],
              serviceIds: survey?.trigger?.serviceIds ?? [],
              organizationIds: survey?.trigger?.organizationIds ?? [],
            },
          }
        : {}),
    };
    return survey
      ? api.patch<Survey>(`/surveys/${survey.id}`, body)
      : api.post<Survey>('/surveys', { ...body, kind: values.kind });
  });
  return (
    <FormModal<DesignValues>
      key={survey?.id ?? 'new'}
      open={open}
      width={760}
      title={survey ? `${t('rel.survey.edit')} · ${survey.name}` : t('rel.surveys.new')}
      onClose={onClose}
      testId="survey-designer"
      initialValues={
        survey
          ? {
              name: survey.name,
              kind: survey.kind,
              questions: toRows(survey.questions),
              on: survey.trigger?.on,
              kinds: survey.trigger?.kinds,
              samplePercent: survey.samplePercent,
              cooldownDays: survey.cooldownDays,
              linkDays: survey.linkDays,
              active: survey.active,
            }
          : {
              kind: 'periodic',
              questions: [{ id: 'overall', type: 'stars', required: true, zh: '', en: '' }],
              samplePercent: 100,
              cooldownDays: 30,
              linkDays: 14,
              active: true,
              on: 'closed',
              kinds: ['incident'],
            }
      }
      onSubmit={async (values) => {
        const saved = await save.mutateAsync(values);
        if (!survey) navigate(`/console/surveys/${saved.id}`);
      }}
    >
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item name="name" label={t('rel.survey.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="kind" label={t('rel.survey.kind')}>
            <Select
              disabled={Boolean(survey)}
              options={(['transactional', 'periodic'] as const).map((k) => ({
                value: k,
                label: t(`rel.survey.kind.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
        {({ getFieldValue }) =>
          getFieldValue('kind') === 'transactional' && (
            <Row gutter={12}>
              <Col span={6}>
                <Form.Item name="on" label={t('rel.survey.triggerOn')}>
                  <Select
                    options={(['confirmed', 'closed'] as const).map((o) => ({
                      value: o,
                      label: t(`rel.survey.on.${o}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="kinds" label={t('rel.survey.kinds')}>
                  <Select
                    mode="multiple"
                    options={(['incident', 'request'] as const).map((k) => ({
                      value: k,
                      label: t(`console.kind.${k}` as TranslationKey),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="samplePercent" label={t('rel.survey.sample')}>
                  <InputNumber min={1} max={100} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="cooldownDays" label={t('rel.survey.cooldown')}>
                  <InputNumber min={0} max={365} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="linkDays" label={t('rel.survey.linkDays')}>
                  <InputNumber min={1} max={90} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          )
        }
      </Form.Item>
      <Form.Item name="active" label={t('rel.survey.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Typography.Text strong>{t('rel.survey.questions')}</Typography.Text>
      <Form.List name="questions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Card
                size="small"
                key={f.key}
                style={{ marginTop: 8 }}
                extra={
                  <Button size="small" danger onClick={() => remove(f.name)}>
                    ×
                  </Button>
                }
              >
                <Row gutter={8}>
                  <Col span={6}>
                    <Form.Item
                      name={[f.name, 'id']}
                      label={t('rel.survey.qId')}
                      rules={[{ required: true, pattern: /^[a-z0-9_-]{1,40}$/ }]}
                    >
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[f.name, 'type']} label={t('rel.survey.qType')}>
                      <Select
                        options={QUESTION_TYPES.map((q) => ({
                          value: q,
                          label: t(`rel.survey.type.${q}` as TranslationKey),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, 'required']} label={t('rel.survey.qRequired')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name={[f.name, 'zh']} label={t('rel.survey.qZh')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name={[f.name, 'en']} label={t('rel.survey.qEn')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) =>
                    ['single', 'multiple'].includes(getFieldValue(['questions', f.name, 'type'])) && (
                      <Form.Item name={[f.name, 'options']} label={t('rel.survey.qOptions')}>
                        <Input.TextArea autoSize={{ minRows: 2 }} />
                      </Form.Item>
                    )
                  }
                </Form.Item>
              </Card>
            ))}
            <Button
              style={{ marginTop: 8 }}
              onClick={() => add({ id: `q${fields.length + 1}`, type: 'stars', zh: '', en: '' })}
            >
              {t('rel.survey.addQuestion')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

function FollowupsTab() {
  const t = useT();
  const navigate = useNavigate();
  const [state, setState] = useState<'open' | 'closed'>('open');
  const list = useFollowups(state);
  const [closing, setClosing] = useState<SurveyFollowup | null>(null);
  const [converting, setConverting] = useState<SurveyFollowup | null>(null);
  const close = useRelMutation(({ id, note }: { id: string; note: string }) =>
    api.post(`/survey-followups/${id}/close`, { note }),
  );
  const convert = useRelMutation(({ id, ...body }: { id: string; category: string; severity: string }) =>
    api.post<{ number: string }>(`/survey-followups/${id}/complaint`, body),
  );
  return (
    <>
      <Segmented
        value={state}
        onChange={(v) => setState(v as typeof state)}
        options={[
          { value: 'open', label: t('rel.complaints.open') },
          { value: 'closed', label: t('rel.complaints.closed') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <div data-testid="followups-table">
        <Table<SurveyFollowup>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          columns={[
            { title: t('rel.followup.person'), render: (_, f) => `${f.person.name} · ${f.organization.name}` },
            { title: t('rel.followup.record'), render: (_, f) => f.record?.number ?? f.surveyName },
            {
              title: t('rel.followup.score'),
              dataIndex: 'score',
              width: 80,
              render: (s: number | null) => (s === null ? '—' : `${s}★`),
            },
            { title: t('rel.followup.comment'), dataIndex: 'comment' },
            {
              title: '',
              width: 220,
              render: (_, f) =>
                f.state === 'open' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      danger
                      onClick={() => setConverting(f)}
                      data-testid="followup-to-complaint"
                    >
                      {t('rel.followup.toComplaint')}
                    </Button>
                    <Button size="small" onClick={() => setClosing(f)}>
                      {t('rel.followup.close')}
                    </Button>
                  </Space>
                ) : f.complaint ? (
                  <Link to={`/console/complaints/${f.complaint.number}`}>{f.complaint.number}</Link>
                ) : (
                  f.note
                ),
            },
          ]}
        />
      </div>
      <FormModal<{ note: string }>
        key={closing?.id ?? 'close'}
        open={Boolean(closing)}
        title={t('rel.followup.close')}
        onClose={() => setClosing(null)}
        onSubmit={(v) => close.mutateAsync({ id: closing!.id, note: v.note })}
      >
        <Form.Item name="note" label={t('rel.followup.note')} rules={[{ required: true }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      </FormModal>
      <FormModal<{ category: string; severity: string }>
        key={converting?.id ?? 'convert'}
        open={Boolean(converting)}
        title={t('rel.followup.toComplaint')}
        testId="followup-complaint"
        initialValues={{ category: 'fix_quality', severity: 'medium' }}
        onClose={() => setConverting(null)}
        onSubmit={async (v) => {
          const made = await convert.mutateAsync({ id: converting!.id, ...v });
          navigate(`/console/complaints/${made.number}`);
        }}
      >
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
      </FormModal>
    </>
  );
}

/** 满意度调查: the surveys with their figures, and the low-score follow-ups. */
export function SurveysPage() {
  const t = useT();
  const list = useSurveys();
  const canDesign = useCan('survey.design');
  const canFollow = useCan('survey.followup');
  const [designing, setDesigning] = useState(false);
  usePageTitle(t('rel.surveys.title'));
  const table = (
    <div data-testid="surveys-table">
      <Table<Survey>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t('rel.survey.name'),
            dataIndex: 'name',
            render: (n: string, s) => (
              <Space>
                <Link to={`/console/surveys/${s.id}`}>{n}</Link>
                {s.isDefault && <Tag color="green">{t('rel.survey.default')}</Tag>}
                {!s.active && <Tag>{t('rel.survey.active')} ✕</Tag>}
              </Space>
            ),
          },
          { title: t('rel.survey.kind'), dataIndex: 'kind', render: (k: Survey['kind']) => t(`rel.survey.kind.${k}`) },
          { title: t('rel.survey.version'), dataIndex: 'version', width: 80 },
          { title: t('rel.survey.invited'), dataIndex: 'invited', width: 90 },
          { title: t('rel.survey.answered'), dataIndex: 'answered', width: 90 },
        ]}
      />
    </div>
  );
  return (
    <Card
      title={t('rel.surveys.title')}
      extra={
        canDesign && (
          <Button type="primary" onClick={() => setDesigning(true)}>
            {t('rel.surveys.new')}
          </Button>
        )
      }
    >
      <Tabs
        items={[
          { key: 'surveys', label: t('rel.surveys.title'), children: table },
          ...(canFollow ? [{ key: 'followups', label: t('rel.surveys.followups'), children: <FollowupsTab /> }] : []),
        ]}
      />
      <DesignerModal open={designing} onClose={() => setDesigning(false)} />
    </Card>
  );
}

/** The figures of one survey: headline rates against the 80% target, a chart per question, groups, comments. */
export function ResultsView({ results }: { results: SurveyResults }) {
  const t = useT();
  const { locale } = useLocale();
  const charts = useMemo(
    () =>
      results.questions
        .filter((q) => q.type !== 'text')
        .map((q) => {
          const keys =
            q.type === 'stars'
              ? ['1', '2', '3', '4', '5']
              : q.type === 'nps'
                ? Array.from({ length: 11 }, (_, i) => String(i))
                : Object.keys(q.distribution);
          return {
            q,
            option: distributionOption(
              keys,
              keys.map((k) => q.distribution[k] ?? 0),
              q.type === 'nps' ? '#3b6ea5' : '#1f6f5c',
            ),
          };
        }),
    [results],
  );
  const satisfied = results.satisfiedShare;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="survey-results">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Statistic title={t('rel.results.responseRate')} value={pct(results.responseRate)} />
          <Typography.Text type="secondary">
            {results.answered} / {results.invited}
          </Typography.Text>
        </Col>
        <Col xs={12} md={8}>
          <Statistic
            title={t('rel.results.satisfied')}
            value={pct(satisfied)}
            valueStyle={{ color: satisfied !== null && satisfied < results.target ? '#cf1322' : '#1f6f5c' }}
          />
          <Progress
            percent={satisfied === null ? 0 : Math.round(satisfied * 100)}
            success={{ percent: Math.round(results.target * 100) }}
            size="small"
            format={() => t('rel.results.target', { target: pct(results.target) })}
          />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        {charts.map(({ q, option }) => (
          <Col xs={24} md={12} key={q.questionId}>
            <Card size="small" title={locale === 'en-US' ? q.label.en : q.label.zh}>
              <Space wrap>
                <Typography.Text>
                  {t('rel.results.count')} {q.count}
                </Typography.Text>
                {q.average !== null && (
                  <Typography.Text data-testid={`avg-${q.questionId}`}>
                    {t('rel.results.average')} {q.average}
                  </Typography.Text>
                )}
                {q.nps !== null && (
                  <Typography.Text>
                    {t('rel.results.nps')} {q.nps}
                  </Typography.Text>
                )}
                {q.satisfiedShare !== null && <Typography.Text>≥4 {pct(q.satisfiedShare)}</Typography.Text>}
              </Space>
              <Chart option={option} height={180} testId={`chart-${q.questionId}`} />
            </Card>
          </Col>
        ))}
      </Row>
      {results.groups.length > 0 && (
        <Table
          rowKey={(g) => g.key ?? '—'}
          size="small"
          pagination={false}
          dataSource={results.groups}
          columns={[
            { title: t('rel.results.group'), dataIndex: 'label' },
            { title: t('rel.results.count'), dataIndex: 'answered', width: 90 },
            { title: t('rel.results.average'), dataIndex: 'average', width: 90 },
            { title: t('rel.results.satisfied'), dataIndex: 'satisfiedShare', width: 140, render: pct },
          ]}
        />
      )}
      {results.comments.length > 0 && (
        <Card size="small" title={t('rel.results.comments')}>
          {results.comments.map((c) => (
            <Typography.Paragraph key={`${c.responseId}:${c.questionId}`} style={{ marginBottom: 8 }}>
              “{c.text}”{' '}
              <Typography.Text type="secondary">
                — {c.person}
                {c.record ? ` · ${c.record}` : ''} · {dayjs(c.at).format('YYYY-MM-DD')}
              </Typography.Text>
            </Typography.Paragraph>
          ))}
        </Card>
      )}
    </Space>
  );
}

function CampaignsTab({ survey }: { survey: Survey }) {
  const t = useT();
  const list = useCampaigns(survey.id, survey.kind === 'periodic');
  const organizations = useOrganizations();
  const canDesign = useCan('survey.design');
  const [open, setOpen] = useState(false);
  const start = useRelMutation(
    (v: { name: string; organizationIds: string[]; deadline: dayjs.Dayjs; reminderEveryDays: number }) =>
      api.post(`/surveys/${survey.id}/campaigns`, { ...v, deadline: v.deadline.format('YYYY-MM-DD') }),
  );
  return (
    <>
      {canDesign && (
        <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
          {t('rel.survey.newCampaign')}
        </Button>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('rel.survey.campaignName'), dataIndex: 'name' },
          { title: t('rel.survey.deadline'), dataIndex: 'deadline', width: 120 },
          { title: t('rel.survey.invited'), dataIndex: 'invited', width: 90 },
          { title: t('rel.survey.answered'), dataIndex: 'answered', width: 90 },
          { title: t('rel.complaint.state'), dataIndex: 'state', width: 90 },
        ]}
      />
      <FormModal<{ name: string; organizationIds: string[]; deadline: dayjs.Dayjs; reminderEveryDays: number }>
        open={open}
        title={t('rel.survey.newCampaign')}
        onClose={() => setOpen(false)}
        initialValues={{ reminderEveryDays: 7 }}
        onSubmit={(v) => start.mutateAsync(v)}
      >
        <Form.Item name="name" label={t('rel.survey.campaignName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="organizationIds" label={t('rel.survey.audience')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={(organizations.data ?? [])
              .filter((o) => o.kind === 'customer')
              .map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="deadline" label={t('rel.survey.deadline')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reminderEveryDays" label={t('rel.survey.reminderEvery')}>
          <InputNumber min={1} max={60} />
        </Form.Item>
      </FormModal>
    </>
  );
}

export function SurveyPage() {
  const t = useT();
  const { id = '' } = useParams();
  const survey = useSurvey(id);
  const [by, setBy] = useState('');
  const results = useResults(id, by);
  const versions = useVersions(id);
  const canDesign = useCan('survey.design');
  const [editing, setEditing] = useState(false);
  const report = useReportError();
  const { locale } = useLocale();
  usePageTitle(survey.data?.name);
  void report;
  void AntApp;
  if (survey.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (survey.error) return <Result status="404" title={t('notFound.title')} />;
  const s = survey.data;
  return (
    <Card
      title={
        <Space>
          {s.name}
          <Tag>v{s.version}</Tag>
        </Space>
      }
      extra={
        canDesign && (
          <Button onClick={() => setEditing(true)} data-testid="edit-survey">
            {t('rel.survey.edit')}
          </Button>
        )
      }
    >
      <Tabs
        items={[
          {
            key: 'results',
            label: t('rel.survey.results'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select
                  value={by}
                  onChange={setBy}
                  style={{ width: 200 }}
                  options={[
                    { value: '', label: t('rel.results.by.none') },
                    ...RESULT_DIMENSIONS.map((d) => ({ value: d, label: t(`rel.results.by.${d}`) })),
                  ]}
                />
                {results.data ? <ResultsView results={results.data} /> : <Spin />}
              </Space>
            ),
          },
          {
            key: 'versions',
            label: t('rel.survey.versions'),
            children: (
              <Table
                rowKey="version"
                size="small"
                pagination={false}
                dataSource={versions.data?.items ?? []}
                columns={[
                  { title: t('rel.survey.version'), dataIndex: 'version', width: 80 },
                  {
                    title: t('rel.survey.questions'),
                    dataIndex: 'questions',
                    render: (qs: SurveyQuestion[]) =>
                      qs.map((q) => (locale === 'en-US' ? q.label.en : q.label.zh)).join(' / '),
                  },
                  { title: t('rel.survey.answered'), dataIndex: 'answers', width: 90 },
                  {
                    title: '',
                    dataIndex: 'createdAt',
                    width: 140,
                    render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
                  },
                ]}
              />
            ),
          },
          ...(s.kind === 'periodic'
            ? [{ key: 'campaigns', label: t('rel.survey.campaigns'), children: <CampaignsTab survey={s} /> }]
            : []),
        ]}
      />
      <DesignerModal survey={s} open={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}
