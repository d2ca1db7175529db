import { ArrowLeftOutlined, BookOutlined, DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ACTION_STATUSES, FISHBONE_CATEGORIES, type Problem, type ProblemAction, type Rca } from '@trellis/core';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useReportError } from '../../../app/errors';
import { useT } from '../../../app/i18n';
import { FullPageSpin } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { UserPicker } from '../../../kit/UserPicker';
import { useProblem, useProblemMutations } from '../api';
import { ProblemStateTag } from '../components/ProblemStateTag';

/** 问题单: life cycle, linked incidents, root-cause analysis, known error, actions, verification. */
export function ProblemPage() {
  const t = useT();
  const { id = '' } = useParams();
  const query = useProblem(id);
  const m = useProblemMutations();
  const report = useReportError();
  usePageTitle(query.data?.number);

  if (query.isPending) return <FullPageSpin />;
  if (query.isError)
    return (
      <Result
        status="404"
        title={query.error.message}
        extra={
          <Link to="/console/problems">
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  const problem = query.data;
  const run = (action: ProblemAction) => m.transition.mutate({ id: problem.id, action }, { onError: report });
  const canPublish =
    problem.canEdit &&
    !problem.knownErrorArticleId &&
    !!problem.workaround &&
    ['known_error', 'resolving', 'resolved'].includes(problem.state);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="problem-page">
      <Card>
        <Space direction="vertical" size="small" style={{ width: '100%' }}>
          <Link to="/console/problems">
            <ArrowLeftOutlined /> {t('prb.title')}
          </Link>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="problem-number">
              {problem.number}
            </Typography.Title>
            <ProblemStateTag state={problem.state} />
            <Tag>{t(`problem.source.${problem.source}`)}</Tag>
          </Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {problem.title}
          </Typography.Title>
          <Space wrap>
            {problem.allowedActions.map((action) => (
              <Button
                key={action}
                type={action === 'close' || action === 'reopen' ? 'default' : 'primary'}
                data-testid={`problem-${action}`}
                loading={m.transition.isPending && m.transition.variables?.action === action}
                onClick={() => run(action)}
              >
                {t(`problem.action.${action}`)}
              </Button>
            ))}
            {canPublish && (
              <Button
                icon={<BookOutlined />}
                data-testid="problem-publish-known-error"
                loading={m.publishKnownError.isPending}
                onClick={() => m.publishKnownError.mutate(problem.id, { onError: report })}
              >
                {t('prb.publishKnownError')}
              </Button>
            )}
            {problem.knownErrorArticleId && (
              <Link to={`/console/knowledge/${problem.knownErrorArticleId}`} data-testid="known-error-article">
                <BookOutlined /> {t('prb.knownErrorArticle')}
              </Link>
            )}
          </Space>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('prb.description')}>
              <div className="trellis-body-text">{problem.description}</div>
            </Card>
            <RcaCard problem={problem} />
            <WorkaroundCard problem={problem} />
            <ActionsCard problem={problem} />
            <Card size="small" title={t('prb.timeline')}>
              <Timeline
                items={problem.timeline.map((e) => ({
                  children: (
                    <span>
                      <Typography.Text type="secondary">{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>{' '}
                      {e.actor?.name} {t(`prb.event.${e.type}` as 'prb.event.created', {})}
                      {e.body ? `: ${e.body}` : ''}
                    </span>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <DetailsCard problem={problem} />
            <IncidentsCard problem={problem} />
            <Card size="small" title={t('prb.evidenceFiles')}>
              <List
                size="small"
                dataSource={problem.attachments}
                locale={{ emptyText: t('prb.noFiles') }}
                renderItem={(a) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <a href={`/api/v1/attachments/${encodeURIComponent(a.id)}`}>{a.filename}</a>
                  </List.Item>
                )}
              />
              {problem.canEdit && (
                <Upload
                  showUploadList={false}
                  customRequest={({ file, onSuccess, onError }) =>
                    m.upload.mutate(
                      { id: problem.id, file: file as File },
                      {
                        onSuccess: () => onSuccess?.({}),
                        onError: (e) => {
                          report(e);
                          onError?.(e as Error);
                        },
                      },
                    )
                  }
                >
                  <Button icon={<UploadOutlined />} size="small" style={{ marginTop: 8 }}>
                    {t('prb.upload')}
                  </Button>
                </Upload>
              )}
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** 根因分析: 5 Whys, a fishbone by category, the root cause and the conclusion, saved together. */
function RcaCard({ problem }: { problem: Problem }) {
  const t = useT();
  const [form] = Form.useForm<Rca>();
  const { update } = useProblemMutations();
  const report = useReportError();
  useEffect(() => form.setFieldsValue(problem.rca), [problem.rca, form]);
  const fishbone = Form.useWatch('fishbone', form) ?? problem.rca.fishbone;
  const disabled = !problem.canEdit;
  return (
    <Card size="small" title={t('prb.rca')} data-testid="rca">
      <Form<Rca>
        form={form}
        layout="vertical"
        disabled={disabled}
        initialValues={problem.rca}
        onFinish={(values) =>
          update.mutate(
            {
              id: problem.id,
              body: {
                rca: {
                  whys: values.whys ?? [],
                  fishbone: values.fishbone ?? [],
                  rootCause: values.rootCause ?? '',
                  conclusion: values.conclusion ?? '',
                },
              },
            },
            { onError: report },
          )
        }
      >
        <Typography.Text strong>{t('prb.whys')}</Typography.Text>
        <Form.List name="whys">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" style={{ display: 'flex', marginTop: 8 }} wrap>
                  <Typography.Text>{t('prb.why', { n: index + 1 })}</Typography.Text>
                  <Form.Item name={[field.name, 'question']} noStyle>
                    <Input placeholder={t('prb.whyQuestion')} style={{ width: 220 }} data-testid={`why-q-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'answer']} noStyle>
                    <Input placeholder={t('prb.whyAnswer')} style={{ width: 260 }} data-testid={`why-a-${index}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              {fields.length < 10 && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  style={{ marginTop: 8 }}
                  onClick={() => add({ question: '', answer: '' })}
                  data-testid="add-why"
                >
                  {t('prb.addWhy')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('prb.fishbone')}</Typography.Text>
        </div>
        <Form.List name="fishbone">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} style={{ display: 'flex', marginTop: 8 }} wrap>
                  <Form.Item name={[field.name, 'category']} noStyle>
                    <Select
                      style={{ width: 120 }}
                      options={FISHBONE_CATEGORIES.map((c) => ({ value: c, label: t(`problem.fishbone.${c}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'cause']} noStyle rules={[{ required: true, whitespace: true }]}>
                    <Input placeholder={t('prb.cause')} style={{ width: 340 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                style={{ marginTop: 8 }}
                onClick={() => add({ category: 'technology', cause: '' })}
              >
                {t('prb.addCause')}
              </Button>
            </>
          )}
        </Form.List>
        {fishbone.length > 0 && (
          <div
            className="trellis-fishbone"
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
              gap: 8,
              marginTop: 12,
            }}
          >
            {FISHBONE_CATEGORIES.map((c) => {
              const causes = fishbone.filter((f) => f?.category === c && f.cause);
              if (causes.length === 0) return null;
              return (
                <Card key={c} size="small" title={t(`problem.fishbone.${c}`)} styles={{ body: { padding: 8 } }}>
                  {causes.map((f, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: causes have no ids
                    <div key={i}>· {f.cause}</div>
                  ))}
                </Card>
              );
            })}
          </div>
        )}
        <Form.Item name="rootCause" label={t('prb.rootCause')} style={{ marginTop: 16 }}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={5000} data-testid="root-cause" />
        </Form.Item>
        <Form.Item name="conclusion" label={t('prb.conclusion')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={10000} />
        </Form.Item>
        {!disabled && (
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="save-rca">
            {t('prb.saveRca')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

function WorkaroundCard({ problem }: { problem: Problem }) {
  const t = useT();
  const [value, setValue] = useState(problem.workaround ?? '');
  const { update } = useProblemMutations();
  const report = useReportError();
  useEffect(() => setValue(problem.workaround ?? ''), [problem.workaround]);
  return (
    <Card
      size="small"
      title={t('prb.workaround')}
      extra={problem.knownErrorAt ? <Tag color="orange">{t('problem.state.known_error')}</Tag> : null}
    >
      <Input.TextArea
        autoSize={{ minRows: 2 }}
        value={value}
        disabled={!problem.canEdit}
        onChange={(e) => setValue(e.target.value)}
        placeholder={t('prb.workaroundHint')}
        data-testid="workaround"
      />
      {problem.canEdit && (
        <Button
          style={{ marginTop: 8 }}
          data-testid="save-workaround"
          loading={update.isPending}
          onClick={() => update.mutate({ id: problem.id, body: { workaround: value } }, { onError: report })}
        >
          {t('prb.saveWorkaround')}
        </Button>
      )}
    </Card>
  );
}

function ActionsCard({ problem }: { problem: Problem }) {
  const t = useT();
  const { addAction, updateAction } = useProblemMutations();
  const report = useReportError();
  const [form] = Form.useForm<{
    kind: 'corrective' | 'preventive';
    title: string;
    ownerId: string;
    dueDate: Dayjs;
    changeRef?: string;
  }>();
  return (
    <Card size="small" title={t('prb.actions')}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={problem.actions}
        locale={{ emptyText: t('prb.noActions') }}
        columns={[
          {
            title: t('prb.actionKind'),
            dataIndex: 'kind',
            width: 100,
            render: (k: string) => t(`problem.actionKind.${k}` as 'problem.actionKind.corrective'),
          },
          { title: t('prb.actionTitle'), dataIndex: 'title' },
          { title: t('prb.owner'), dataIndex: ['owner', 'name'], width: 90 },
          {
            title: t('prb.dueDate'),
            dataIndex: 'dueDate',
            width: 110,
            render: (d: string, a) => <span style={{ color: a.overdue ? '#cf1322' : undefined }}>{d}</span>,
          },
          { title: t('prb.changeRef'), dataIndex: 'changeRef', width: 120 },
          {
            title: t('prb.actionStatus'),
            dataIndex: 'status',
            width: 120,
            render: (s: string, a) => (
              <Select
                size="small"
                value={s}
                style={{ width: 110 }}
                data-testid={`action-status-${a.title}`}
                options={ACTION_STATUSES.map((x) => ({ value: x, label: t(`problem.actionStatus.${x}`) }))}
                onChange={(status) =>
                  updateAction.mutate({ id: problem.id, actionId: a.id, body: { status } }, { onError: report })
                }
              />
            ),
          },
        ]}
      />
      {problem.canEdit && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          initialValues={{ kind: 'corrective' }}
          onFinish={(v) =>
            addAction.mutate(
              {
                id: problem.id,
                body: { ...v, dueDate: v.dueDate.format('YYYY-MM-DD'), changeRef: v.changeRef || null },
              },
              { onSuccess: () => form.resetFields(), onError: report },
            )
          }
        >
          <Form.Item name="kind">
            <Select
              style={{ width: 110 }}
              options={(['corrective', 'preventive'] as const).map((k) => ({
                value: k,
                label: t(`problem.actionKind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input placeholder={t('prb.actionTitle')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="ownerId" rules={[{ required: true, message: t('form.required') }]}>
            <UserPicker placeholder={t('prb.owner')} style={{ width: 140 }} filter={{ staff: 'true' }} />
          </Form.Item>
          <Form.Item name="dueDate" rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker placeholder={t('prb.dueDate')} />
          </Form.Item>
          <Form.Item name="changeRef">
            <Input placeholder={t('prb.changeRef')} style={{ width: 150 }} />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={addAction.isPending}>
            {t('common.add')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function DetailsCard({ problem }: { problem: Problem }) {
  const t = useT();
  const { update } = useProblemMutations();
  const report = useReportError();
  return (
    <Card size="small" title={t('prb.details')}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('prb.assignee')}>
          {problem.canEdit ? (
            <UserPicker
              size="small"
              style={{ width: 180 }}
              value={problem.assignee?.id}
              placeholder={problem.assignee?.name}
              filter={{ staff: 'true' }}
              onChange={(assigneeId) => update.mutate({ id: problem.id, body: { assigneeId } }, { onError: report })}
            />
          ) : (
            (problem.assignee?.name ?? '—')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('prb.owner')}>{problem.owner?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('prb.createdAt')}>
          {dayjs(problem.createdAt).format('YYYY-MM-DD HH:mm')}
        </Descriptions.Item>
        <Descriptions.Item label={t('prb.verifyAfter')}>
          {problem.canEdit ? (
            <InputNumber
              size="small"
              min={1}
              max={365}
              defaultValue={problem.verifyAfterDays}
              addonAfter={t('prb.days')}
              onBlur={(e) => {
                const days = Number(e.target.value);
                if (days && days !== problem.verifyAfterDays)
                  update.mutate({ id: problem.id, body: { verifyAfterDays: days } }, { onError: report });
              }}
            />
          ) : (
            problem.verifyAfterDays
          )}
        </Descriptions.Item>
        {problem.verifyAt && (
          <Descriptions.Item label={t('prb.verifyAt')}>
            {dayjs(problem.verifyAt).format('YYYY-MM-DD')}
          </Descriptions.Item>
        )}
        {problem.verification && (
          <Descriptions.Item label={t('prb.verification')}>
            <Tag
              color={
                problem.verification === 'effective'
                  ? 'success'
                  : problem.verification === 'recurred'
                    ? 'error'
                    : 'default'
              }
              data-testid="verification"
            >
              {t(`problem.verification.${problem.verification}`)}
            </Tag>
            {problem.verificationNote}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function IncidentsCard({ problem }: { problem: Problem }) {
  const t = useT();
  const { linkIncidents } = useProblemMutations();
  const report = useReportError();
  const [target, setTarget] = useState('');
  return (
    <Card size="small" title={`${t('prb.incidents')} (${problem.incidents.length})`} data-testid="problem-incidents">
      <List
        size="small"
        dataSource={problem.incidents}
        renderItem={(i) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Link to={`/console/incidents/${i.id}`}>{i.number}</Link> {i.title}
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input placeholder={t('prb.linkIncident')} value={target} onChange={(e) => setTarget(e.target.value)} />
        <Button
          disabled={!target.trim()}
          onClick={() =>
            linkIncidents.mutate(
              { id: problem.id, incidentIds: [target.trim()] },
              { onSuccess: () => setTarget(''), onError: report },
            )
          }
        >
          {t('common.add')}
        </Button>
      </Space.Compact>
    </Card>
  );
}
