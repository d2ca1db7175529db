import { ArrowLeftOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { PLAN_FIELDS } from '@trellis/core/modules/releases';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../app/api';
import { useFormErrorHandler, useReportError } from '../../../app/errors';
import { type TranslationKey, useT } from '../../../app/i18n';
import { FullPageSpin } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { UserPicker } from '../../../kit/UserPicker';
import { type Release, uploadEvidence, useRelease, useReleaseAction, useUpdateRelease } from '../api';
import { stateColor } from './ReleasesPage';

/** Machine steps that need nothing but a click (and an optional note). */
const PLAIN_STEPS: Record<string, string> = {
  plan: 'plan',
  build: 'build',
  test: 'test',
  request_acceptance: 'request-acceptance',
  approve: 'approve',
  complete_deployment: 'complete-deployment',
  review: 'review',
  close: 'close',
  cancel: 'cancel',
};
const ABILITY_OF: Record<string, string> = {
  plan: 'plan',
  build: 'build',
  test: 'test',
  request_acceptance: 'requestAcceptance',
  approve: 'approve',
  complete_deployment: 'completeDeployment',
  review: 'review',
  close: 'close',
  cancel: 'cancel',
};

type Prompt = { path: string; field: 'note' | 'report'; title: string; required: boolean } | null;

/** One release: its plan, tests, acceptance, sites and review, with the steps the session may take now. */
export function ReleasePage() {
  const { id = '' } = useParams();
  const t = useT();
  const release = useRelease(id);
  const act = useReleaseAction(id);
  const report = useReportError();
  const [prompt, setPrompt] = useState<Prompt>(null);
  usePageTitle(release.data ? `${release.data.number} ${release.data.title}` : t('rel.title'));
  if (release.isLoading) return <FullPageSpin />;
  if (!release.data) return <Result status="404" title={t('rel.none')} />;
  const r = release.data;
  const run = (path: string, body?: unknown) =>
    act.mutateAsync({ path, body }).catch((error) => {
      report(error);
      throw error;
    });
  const steps = Object.keys(PLAIN_STEPS).filter(
    (action) => r.allowedActions.includes(action) && r.abilities[ABILITY_OF[action]!],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Link to="/console/releases">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {r.number} {r.title}
            </Typography.Title>
            <Tag>{r.version}</Tag>
            <Tag>{t(`release.type.${r.type}`)}</Tag>
            <Tag color={stateColor(r.state)} data-testid="release-state">
              {t(`release.state.${r.state}`)}
            </Tag>
          </Space>
          <Space wrap>
            {steps.map((action) => (
              <Button
                key={action}
                type={action === 'cancel' ? 'default' : 'primary'}
                danger={action === 'cancel'}
                loading={act.isPending}
                data-testid={`release-step-${action}`}
                onClick={() => run(PLAIN_STEPS[action]!).catch(() => undefined)}
              >
                {t(`release.action.${action}` as TranslationKey)}
              </Button>
            ))}
            {r.abilities.verify && (
              <Button
                type="primary"
                data-testid="release-step-verify"
                onClick={() =>
                  setPrompt({ path: 'verify', field: 'note', title: t('rel.verify.note'), required: true })
                }
              >
                {t('release.action.verify')}
              </Button>
            )}
            {r.abilities.rollBack && (
              <Button
                danger
                data-testid="release-step-roll_back"
                onClick={() =>
                  setPrompt({ path: 'roll-back', field: 'report', title: t('rel.backout.report'), required: true })
                }
              >
                {t('release.action.roll_back')}
              </Button>
            )}
          </Space>
        </Space>
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'plan', label: t('rel.tab.plan'), children: <PlanTab release={r} /> },
            { key: 'tests', label: t('rel.tab.tests'), children: <TestsTab release={r} /> },
            { key: 'acceptance', label: t('rel.tab.acceptance'), children: <AcceptanceTab release={r} run={run} /> },
            { key: 'sites', label: t('rel.tab.sites'), children: <SitesTab release={r} run={run} /> },
            { key: 'review', label: t('rel.tab.review'), children: <ReviewTab release={r} run={run} /> },
          ]}
        />
      </Card>
      {prompt && (
        <NoteModal
          prompt={prompt}
          onClose={() => setPrompt(null)}
          onSubmit={(text) => run(prompt.path, { [prompt.field]: text }).then(() => setPrompt(null))}
        />
      )}
    </Space>
  );
}

function NoteModal({
  prompt,
  onClose,
  onSubmit,
}: {
  prompt: NonNullable<Prompt>;
  onClose: () => void;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const t = useT();
  const [text, setText] = useState('');
  return (
    <Modal
      open
      title={prompt.title}
      onCancel={onClose}
      okText={t('rel.confirm')}
      okButtonProps={{ disabled: prompt.required && !text.trim(), 'data-testid': 'release-note-ok' }}
      onOk={() => onSubmit(text).catch(() => undefined)}
    >
      <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="release-note" />
    </Modal>
  );
}

// ---------- plan ----------

function PlanTab({ release }: { release: Release }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const update = useUpdateRelease(release.id);
  const onError = useFormErrorHandler();
  const report = useReportError();
  const changeDetails = useQueries({
    queries: release.changes.map((c) => ({
      queryKey: ['changes', 'detail', c.id],
      queryFn: () => api.get<{ id: string; cis: { id: string; name: string }[] }>(`/changes/${c.id}`),
    })),
  });
  const changeCis = changeDetails.flatMap((q) => q.data?.cis ?? []);
  const [ciId, setCiId] = useState<string>();
  const [version, setVersion] = useState('');
  const saveTargets = (targets: { ciId: string; version: string }[]) =>
    update.mutateAsync({ ciTargets: targets }).catch(report);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {release.abilities.edit && (
        <Button onClick={() => setEditing(true)} data-testid="release-edit-plan">
          {t('rel.editPlan')}
        </Button>
      )}
      <Descriptions bordered size="small" column={1}>
        {PLAN_FIELDS.map((key) => (
          <Descriptions.Item key={key} label={t(`release.plan.${key}` as TranslationKey)}>
            <span style={{ whiteSpace: 'pre-wrap' }}>
              {key === 'releaseDate'
                ? release.plan.releaseDate
                  ? dayjs(release.plan.releaseDate).format('YYYY-MM-DD HH:mm')
                  : ''
                : (release.plan[key] ?? '')}
            </span>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('rel.changes')}>
          <Space direction="vertical">
            {release.changes.map((c) => (
              <span key={c.id}>
                <Link to={`/console/changes/${c.id}`}>{c.number}</Link> {c.title}{' '}
                <Tag>{t(`change.state.${c.state}` as TranslationKey)}</Tag>
              </span>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('rel.problems')}>
          <Space direction="vertical">
            {release.problems.map((p) => (
              <span key={p.id}>
                <Link to={`/console/problems/${p.id}`}>{p.number}</Link> {p.title}{' '}
                <Tag>{t(`problem.state.${p.state}` as TranslationKey)}</Tag>
              </span>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('rel.dsl.items')}>
          {release.dslItems.map((d) => `${d.name} ${d.version}`).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('rel.customerReps')}>
          {release.customerReps.map((p) => p.name).join('、')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('rel.cis')}</Typography.Title>
      <Table
        rowKey="ciId"
        size="small"
        pagination={false}
        dataSource={release.ciTargets}
        columns={[
          {
            title: t('rel.ci'),
            dataIndex: ['ci', 'name'],
            render: (name: string, row) => (
              <Link to={`/console/cmdb/cis/${row.ciId}`}>{`${row.ci?.code ?? ''} ${name ?? ''}`}</Link>
            ),
          },
          {
            title: t('rel.currentVersion'),
            dataIndex: ['ci', 'currentVersion'],
            render: (v: unknown) => String(v ?? ''),
          },
          { title: t('rel.newVersion'), dataIndex: 'version' },
        ]}
      />
      {release.abilities.edit && (
        <Space>
          <Select
            style={{ width: 260 }}
            placeholder={t('rel.addCi')}
            value={ciId}
            onChange={setCiId}
            data-testid="release-ci"
            options={changeCis
              .filter((c) => !release.ciTargets.some((x) => x.ciId === c.id))
              .map((c) => ({ value: c.id, label: c.name }))}
          />
          <Input
            style={{ width: 120 }}
            placeholder={t('rel.newVersion')}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            data-testid="release-ci-version"
          />
          <Button
            icon={<PlusOutlined />}
            disabled={!ciId || !version.trim()}
            data-testid="release-ci-add"
            onClick={() =>
              saveTargets([
                ...release.ciTargets.map((x) => ({ ciId: x.ciId, version: x.version })),
                { ciId: ciId!, version: version.trim() },
              ]).then(() => {
                setCiId(undefined);
                setVersion('');
              })
            }
          >
            {t('rel.addCi')}
          </Button>
        </Space>
      )}
      {editing && (
        <Modal
          open
          width={760}
          title={t('rel.editPlan')}
          onCancel={() => setEditing(false)}
          onOk={() => form.submit()}
          okText={t('rel.save')}
          okButtonProps={{ 'data-testid': 'release-plan-save' }}
          confirmLoading={update.isPending}
        >
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              ...release.plan,
              releaseDate: release.plan.releaseDate ? dayjs(release.plan.releaseDate) : undefined,
              title: release.title,
              version: release.version,
            }}
            onFinish={async (values: Record<string, unknown>) => {
              const { title, version: v, releaseDate, ...plan } = values;
              try {
                await update.mutateAsync({
                  title,
                  version: v,
                  plan: { ...plan, releaseDate: releaseDate ? (releaseDate as Dayjs).toISOString() : null },
                });
                setEditing(false);
              } catch (error) {
                onError(form, error);
              }
            }}
          >
            <Form.Item name="title" label={t('rel.titleField')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="version" label={t('rel.version')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            {PLAN_FIELDS.map((key) => (
              <Form.Item key={key} name={key} label={t(`release.plan.${key}` as TranslationKey)}>
                {key === 'releaseDate' ? (
                  <DatePicker showTime />
                ) : (
                  <Input.TextArea rows={2} data-testid={`plan-${key}`} />
                )}
              </Form.Item>
            ))}
          </Form>
        </Modal>
      )}
    </Space>
  );
}

// ---------- tests ----------

function TestsTab({ release }: { release: Release }) {
  const t = useT();
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm();
  const act = useReleaseAction(release.id);
  const onError = useFormErrorHandler();
  const report = useReportError();
  const { message } = AntApp.useApp();
  const refetch = useRelease(release.id).refetch;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {release.abilities.recordTest && (
          <Button icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="release-test-new">
            {t('rel.test.new')}
          </Button>
        )}
        <Typography.Text type="secondary" data-testid="release-test-tally">
          {t('rel.test.tally', {
            passed: release.testTally.passed,
            staging: release.testTally.passedStaging,
            failing: release.testTally.failing,
          })}
        </Typography.Text>
      </Space>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={release.tests}
        columns={[
          { title: t('rel.test.case'), dataIndex: 'testCase' },
          { title: t('rel.test.expected'), dataIndex: 'expected' },
          { title: t('rel.test.actual'), dataIndex: 'actual' },
          {
            title: t('rel.test.environment'),
            dataIndex: 'environment',
            render: (v: string) => t(`release.env.${v}` as TranslationKey),
          },
          {
            title: t('rel.test.result'),
            dataIndex: 'result',
            render: (v: string) => (
              <Tag color={v === 'pass' ? 'green' : 'red'}>{t(`release.result.${v}` as TranslationKey)}</Tag>
            ),
          },
          { title: t('rel.test.tester'), dataIndex: ['tester', 'name'] },
          {
            title: t('rel.test.evidence'),
            dataIndex: 'attachments',
            render: (files: Release['tests'][number]['attachments'], row) => (
              <Space direction="vertical">
                {files.map((f) => (
                  <a key={f.id} href={`/api/v1/attachments/${f.id}`}>
                    {f.filename}
                  </a>
                ))}
                {release.abilities.recordTest && (
                  <Upload
                    showUploadList={false}
                    beforeUpload={(file) => {
                      uploadEvidence(release.id, row.id, file)
                        .then(() => refetch())
                        .then(() => message.success(file.name))
                        .catch(report);
                      return false;
                    }}
                  >
                    <Button size="small" icon={<UploadOutlined />}>
                      {t('rel.test.upload')}
                    </Button>
                  </Upload>
                )}
              </Space>
            ),
          },
        ]}
      />
      {recording && (
        <Modal
          open
          width={680}
          title={t('rel.test.new')}
          onCancel={() => setRecording(false)}
          onOk={() => form.submit()}
          okText={t('rel.save')}
          okButtonProps={{ 'data-testid': 'release-test-save' }}
          confirmLoading={act.isPending}
        >
          <Form
            form={form}
            layout="vertical"
            initialValues={{ environment: 'staging', result: 'pass' }}
            onFinish={async (values: Record<string, string>) => {
              const { knownErrorTitle, workaround, ...rest } = values;
              try {
                await act.mutateAsync({
                  path: 'tests',
                  body: {
                    ...rest,
                    knownErrors: knownErrorTitle
                      ? [{ title: knownErrorTitle, description: rest.actual, workaround: workaround || '-' }]
                      : [],
                  },
                });
                setRecording(false);
                form.resetFields();
              } catch (error) {
                onError(form, error);
              }
            }}
          >
            <Form.Item name="testCase" label={t('rel.test.case')} rules={[{ required: true }]}>
              <Input data-testid="test-case" />
            </Form.Item>
            <Form.Item name="expected" label={t('rel.test.expected')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="test-expected" />
            </Form.Item>
            <Form.Item name="actual" label={t('rel.test.actual')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="test-actual" />
            </Form.Item>
            <Space size="large">
              <Form.Item name="environment" label={t('rel.test.environment')}>
                <Select
                  style={{ width: 160 }}
                  options={['staging', 'production'].map((v) => ({
                    value: v,
                    label: t(`release.env.${v}` as TranslationKey),
                  }))}
                />
              </Form.Item>
              <Form.Item name="result" label={t('rel.test.result')}>
                <Select
                  style={{ width: 120 }}
                  options={['pass', 'fail'].map((v) => ({
                    value: v,
                    label: t(`release.result.${v}` as TranslationKey),
                  }))}
                />
              </Form.Item>
            </Space>
            <Typography.Text type="secondary">{t('rel.test.knownError')}</Typography.Text>
            <Form.Item name="knownErrorTitle" label={t('rel.test.knownErrorTitle')}>
              <Input />
            </Form.Item>
            <Form.Item name="workaround" label={t('rel.test.workaround')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}

// ---------- acceptance ----------

type Run = (path: string, body?: unknown) => Promise<Release>;

/** 验收: by the service owner or the customer's representative, with conditions; rework goes back to testing. */
export function AcceptanceTab({ release, run }: { release: Release; run: Run }) {
  const t = useT();
  const [conditions, setConditions] = useState('');
  const [note, setNote] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {release.acceptance ? (
        <Alert
          type="success"
          message={t('rel.accept.by', {
            name: release.acceptance.by.name,
            at: dayjs(release.acceptance.at).format('YYYY-MM-DD HH:mm'),
          })}
          description={release.acceptance.conditions}
        />
      ) : (
        <Alert type="info" message={t('rel.accept.none')} />
      )}
      {release.reworkCount > 0 && (
        <Typography.Text type="secondary">{t('rel.accept.reworks', { count: release.reworkCount })}</Typography.Text>
      )}
      {(release.abilities.accept || release.abilities.rework) && (
        <>
          <Input.TextArea
            rows={2}
            placeholder={t('rel.accept.conditions')}
            value={conditions}
            onChange={(e) => setConditions(e.target.value)}
            data-testid="accept-conditions"
          />
          <Input.TextArea
            rows={2}
            placeholder={t('rel.accept.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Space>
            {release.abilities.accept && (
              <Button
                type="primary"
                data-testid="release-accept"
                onClick={() => run('acceptance', { decision: 'accept', conditions, note }).catch(() => undefined)}
              >
                {t('rel.accept.accept')}
              </Button>
            )}
            {release.abilities.rework && (
              <Button
                data-testid="release-rework"
                onClick={() => run('acceptance', { decision: 'rework', conditions, note }).catch(() => undefined)}
              >
                {t('rel.accept.rework')}
              </Button>
            )}
          </Space>
        </>
      )}
    </Space>
  );
}

// ---------- sites ----------

function SitesTab({ release, run }: { release: Release; run: Run }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [step, setStep] = useState<{ siteId: string; action: string } | null>(null);
  const [followUp, setFollowUp] = useState<'problem' | 'change' | null>(null);
  const [form] = Form.useForm();
  const onError = useFormErrorHandler();
  const { message } = AntApp.useApp();
  const report = useReportError();
  const locations = useQuery({
    queryKey: ['cmdb', 'locations'],
    queryFn: () => api.get<{ id: string; name: string }[]>('/cmdb/locations'),
    enabled: adding,
  });
  const stepsFor = (state: string) =>
    state === 'pending'
      ? ['start']
      : state === 'in_progress'
        ? ['complete', 'fail']
        : state === 'failed' || state === 'done'
          ? ['roll_back']
          : [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {release.abilities.edit && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="release-site-new">
            {t('rel.site.new')}
          </Button>
        )}
        {release.abilities.followUp && (
          <>
            <Button onClick={() => setFollowUp('problem')}>{t('rel.followUp.problem')}</Button>
            <Button onClick={() => setFollowUp('change')}>{t('rel.followUp.change')}</Button>
          </>
        )}
      </Space>
      {release.sites.some((s) => s.state === 'failed') && <Alert type="warning" message={t('rel.site.failedHint')} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={release.sites}
        columns={[
          { title: t('rel.site.location'), dataIndex: ['location', 'name'] },
          { title: t('rel.site.owner'), dataIndex: ['owner', 'name'] },
          {
            title: t('rel.site.window'),
            render: (_: unknown, s) =>
              `${dayjs(s.windowStart).format('MM-DD HH:mm')} – ${dayjs(s.windowEnd).format('MM-DD HH:mm')}`,
          },
          { title: t('rel.site.activities'), dataIndex: 'activities' },
          {
            title: t('rel.site.state'),
            dataIndex: 'state',
            render: (v: string) => (
              <Tag color={v === 'done' ? 'green' : v === 'failed' || v === 'rolled_back' ? 'red' : 'blue'}>
                {t(`release.site.state.${v}` as TranslationKey)}
              </Tag>
            ),
          },
          { title: t('rel.site.note'), dataIndex: 'note' },
          {
            title: '',
            render: (_: unknown, s) =>
              release.abilities.deploy ? (
                <Space>
                  {stepsFor(s.state).map((action) => (
                    <Button
                      key={action}
                      size="small"
                      danger={action === 'fail' || action === 'roll_back'}
                      data-testid={`site-${s.location.name}-${action}`}
                      onClick={() =>
                        action === 'start' || action === 'complete'
                          ? run(`sites/${s.id}/step`, { action, note: '' }).catch(() => undefined)
                          : setStep({ siteId: s.id, action })
                      }
                    >
                      {t(`release.site.action.${action}` as TranslationKey)}
                    </Button>
                  ))}
                </Space>
              ) : null,
          },
        ]}
      />
      {step && (
        <NoteModal
          prompt={{
            path: '',
            field: 'note',
            title: t(`release.site.action.${step.action}` as TranslationKey),
            required: true,
          }}
          onClose={() => setStep(null)}
          onSubmit={(note) => run(`sites/${step.siteId}/step`, { action: step.action, note }).then(() => setStep(null))}
        />
      )}
      {followUp && (
        <FollowUpModal
          kind={followUp}
          releaseId={release.id}
          onClose={() => setFollowUp(null)}
          onDone={(number) => {
            message.success(t('rel.followUp.raised', { number }));
            setFollowUp(null);
          }}
          onError={report}
        />
      )}
      {adding && (
        <Modal
          open
          title={t('rel.site.new')}
          onCancel={() => setAdding(false)}
          onOk={() => form.submit()}
          okText={t('rel.save')}
          okButtonProps={{ 'data-testid': 'release-site-save' }}
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={async (values: {
              locationId: string;
              ownerId: string;
              window: [Dayjs, Dayjs];
              activities?: string;
            }) => {
              try {
                await run('sites', {
                  locationId: values.locationId,
                  ownerId: values.ownerId,
                  windowStart: values.window[0].toISOString(),
                  windowEnd: values.window[1].toISOString(),
                  activities: values.activities ?? '',
                });
                setAdding(false);
                form.resetFields();
              } catch (error) {
                onError(form, error);
              }
            }}
          >
            <Form.Item name="locationId" label={t('rel.site.location')} rules={[{ required: true }]}>
              <Select
                data-testid="site-location"
                options={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
              />
            </Form.Item>
            <Form.Item name="ownerId" label={t('rel.site.owner')} rules={[{ required: true }]}>
              <UserPicker data-testid="site-owner" />
            </Form.Item>
            <Form.Item name="window" label={t('rel.site.window')} rules={[{ required: true }]}>
              <DatePicker.RangePicker showTime data-testid="site-window" />
            </Form.Item>
            <Form.Item name="activities" label={t('rel.site.activities')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}

function FollowUpModal({
  kind,
  releaseId,
  onClose,
  onDone,
  onError,
}: {
  kind: 'problem' | 'change';
  releaseId: string;
  onClose: () => void;
  onDone: (number: string) => void;
  onError: (error: unknown) => void;
}) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  return (
    <Modal
      open
      title={t(kind === 'problem' ? 'rel.followUp.problem' : 'rel.followUp.change')}
      onCancel={onClose}
      okButtonProps={{ disabled: !title.trim() || !description.trim() }}
      onOk={() =>
        api
          .post<{ number: string }>(`/releases/${releaseId}/follow-up`, { kind, title, description })
          .then((r) => onDone(r.number))
          .catch(onError)
      }
    >
      <Input placeholder={t('rel.followUp.title')} value={title} onChange={(e) => setTitle(e.target.value)} />
      <Input.TextArea
        style={{ marginTop: 8 }}
        rows={3}
        placeholder={t('rel.followUp.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
    </Modal>
  );
}

// ---------- review and success ----------

function ReviewTab({ release, run }: { release: Release; run: Run }) {
  const t = useT();
  const [form] = Form.useForm();
  const onError = useFormErrorHandler();
  const candidates = useQuery({
    queryKey: ['releases', 'incident-candidates', release.id],
    queryFn: () =>
      api.get<{ items: { id: string; number: string; title: string }[] }>(
        `/releases/${release.id}/incident-candidates`,
      ),
    enabled: release.abilities.writeReview,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {release.outcome === 'success' && (
        <Card size="small" title={t('rel.success.title')} data-testid="release-success">
          <Space direction="vertical">
            {release.baselineId && <Typography.Text>{t('rel.success.baseline')}</Typography.Text>}
            {release.notesArticleId && (
              <Link to={`/console/knowledge/${release.notesArticleId}`} data-testid="release-notes-link">
                {t('rel.success.openArticle')}
              </Link>
            )}
            <List
              size="small"
              dataSource={release.successLog}
              renderItem={(e, i) => (
                <List.Item key={i}>
                  {t(`rel.log.${e.kind}` as TranslationKey, { ref: e.ref, detail: e.detail ?? '' })}
                </List.Item>
              )}
            />
          </Space>
        </Card>
      )}
      {release.backoutReport && (
        <Alert type="error" message={t('rel.backout.report')} description={release.backoutReport} />
      )}
      {release.verification && (
        <Alert type="success" message={t('rel.verify.note')} description={release.verification.note} />
      )}
      {release.review ? (
        <Descriptions bordered size="small" column={1}>
          <Descriptions.Item label={t('rel.review.expected')}>{release.review.expected}</Descriptions.Item>
          <Descriptions.Item label={t('rel.review.actual')}>{release.review.actual}</Descriptions.Item>
          <Descriptions.Item label={t('rel.review.objectivesMet')}>
            {release.review.objectivesMet ? '✓' : '✗'}
          </Descriptions.Item>
          <Descriptions.Item label={t('rel.review.lessons')}>{release.review.lessons}</Descriptions.Item>
          <Descriptions.Item label={t('rel.review.incidents')}>{release.reviewIncidents ?? 0}</Descriptions.Item>
        </Descriptions>
      ) : (
        release.abilities.writeReview && (
          <Form
            form={form}
            layout="vertical"
            initialValues={{ objectivesMet: true, incidentIds: [] }}
            onFinish={async (values) => {
              try {
                await run('review-record', values);
              } catch (error) {
                onError(form, error);
              }
            }}
          >
            <Form.Item name="expected" label={t('rel.review.expected')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="review-expected" />
            </Form.Item>
            <Form.Item name="actual" label={t('rel.review.actual')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} data-testid="review-actual" />
            </Form.Item>
            <Form.Item name="objectivesMet" label={t('rel.review.objectivesMet')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="lessons" label={t('rel.review.lessons')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="incidentIds" label={t('rel.review.incidents')}>
              <Select
                mode="multiple"
                options={(candidates.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="review-save">
              {t('rel.review.write')}
            </Button>
          </Form>
        )
      )}
    </Space>
  );
}
