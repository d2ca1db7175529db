import { PlusOutlined, RadarChartOutlined } from '@ant-design/icons';
import type { ProblemCandidate, ProblemState, ProblemSummary } from '@trellis/core';
import { App as AntApp, Button, Card, Form, Input, List, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useReportError } from '../../../app/errors';
import { useT } from '../../../app/i18n';
import { usePageTitle } from '../../../app/usePageTitle';
import { useCandidates, useProblemMutations, useProblemReview, useProblems } from '../api';
import { ProblemStateTag } from '../components/ProblemStateTag';

const TABS = ['open', 'all', 'candidates', 'review'] as const;
type Tab = (typeof TABS)[number];
const OPEN = 'new,analysis,known_error,resolving';

/** 问题管理: problems, the candidates detection proposes, and the periodic review list. */
export function ProblemsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'open';
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  usePageTitle(t('prb.title'));
  const list = useProblems(tab === 'open' ? OPEN : '', q);
  const candidates = useCandidates('open');
  const review = useProblemReview();
  const { detect, create } = useProblemMutations();
  const { message } = AntApp.useApp();
  const report = useReportError();

  const columns: ColumnsType<ProblemSummary & { reasons?: string[] }> = [
    {
      title: t('prb.number'),
      dataIndex: 'number',
      width: 170,
      render: (n: string, p) => <Link to={`/console/problems/${p.id}`}>{n}</Link>,
    },
    { title: t('prb.titleField'), dataIndex: 'title' },
    {
      title: t('prb.state'),
      dataIndex: 'state',
      width: 110,
      render: (s: ProblemState) => <ProblemStateTag state={s} />,
    },
    { title: t('prb.incidents'), dataIndex: 'incidentCount', width: 90 },
    {
      title: t('prb.source'),
      dataIndex: 'source',
      width: 110,
      render: (s: string) => t(`problem.source.${s}` as 'problem.source.agent'),
    },
    { title: t('prb.assignee'), dataIndex: ['assignee', 'name'], width: 100 },
    {
      title: t('prb.updatedAt'),
      dataIndex: 'updatedAt',
      width: 140,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
  ];
  const reviewColumns = [
    ...columns.slice(0, 3),
    {
      title: t('prb.reviewReasons'),
      dataIndex: 'reasons',
      render: (reasons: string[]) =>
        reasons.map((r) => (
          <Tag color="orange" key={r}>
            {t(r as 'problem.review.stale')}
          </Tag>
        )),
    },
  ];

  return (
    <Card>
      <div
        className="trellis-page-title"
        style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}
      >
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('prb.title')}
        </Typography.Title>
        <Space wrap>
          <Input.Search allowClear placeholder={t('prb.search')} onSearch={setQ} style={{ width: 240 }} />
          <Button icon={<PlusOutlined />} type="primary" onClick={() => setCreating(true)}>
            {t('prb.new')}
          </Button>
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={TABS.map((key) => ({
          key,
          label:
            key === 'candidates'
              ? `${t('prb.tab.candidates')} (${candidates.data?.items.length ?? 0})`
              : key === 'review'
                ? `${t('prb.tab.review')} (${review.data?.items.length ?? 0})`
                : t(`prb.tab.${key}`),
        }))}
      />
      {(tab === 'open' || tab === 'all') && (
        <Table
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
        />
      )}
      {tab === 'review' && (
        <Table
          rowKey="id"
          columns={reviewColumns}
          dataSource={review.data?.items ?? []}
          loading={review.isFetching}
          pagination={false}
        />
      )}
      {tab === 'candidates' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button
            icon={<RadarChartOutlined />}
            loading={detect.isPending}
            onClick={() =>
              detect.mutate(undefined, {
                onSuccess: (r) =>
                  void message.success(t('prb.detected', { clusters: r.clusters, proposed: r.proposed })),
                onError: report,
              })
            }
          >
            {t('prb.detectNow')}
          </Button>
          <List
            dataSource={candidates.data?.items ?? []}
            loading={candidates.isFetching}
            renderItem={(c) => <CandidateItem candidate={c} onAccepted={(id) => navigate(`/console/problems/${id}`)} />}
          />
        </Space>
      )}
      <Modal open={creating} title={t('prb.new')} onCancel={() => setCreating(false)} footer={null} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(values: { title: string; description: string }) =>
            create.mutate(values, { onSuccess: (p) => navigate(`/console/problems/${p.id}`), onError: report })
          }
        >
          <Form.Item name="title" label={t('prb.titleField')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('prb.description')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('common.submit')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

function CandidateItem({
  candidate: c,
  onAccepted,
}: {
  candidate: ProblemCandidate;
  onAccepted: (id: string) => void;
}) {
  const t = useT();
  const { accept, dismiss } = useProblemMutations();
  const report = useReportError();
  return (
    <List.Item
      data-testid="candidate"
      actions={[
        <Button
          key="a"
          type="primary"
          size="small"
          loading={accept.isPending}
          onClick={() => accept.mutate(c.id, { onSuccess: (p) => onAccepted(p.id), onError: report })}
        >
          {t('prb.accept')}
        </Button>,
        <Button key="d" size="small" onClick={() => dismiss.mutate(c.id, { onError: report })}>
          {t('prb.dismiss')}
        </Button>,
      ]}
    >
      <List.Item.Meta
        title={`${c.title} · ${t('prb.evidence.count', { count: c.evidence.count })}`}
        description={
          <Space direction="vertical" size={2}>
            <span>
              {dayjs(c.evidence.firstAt).format('YYYY-MM-DD')} – {dayjs(c.evidence.lastAt).format('YYYY-MM-DD')}
              {c.evidence.categoryName ? ` · ${t('prb.evidence.category')}: ${c.evidence.categoryName}` : ''}
              {c.evidence.serviceName ? ` · ${t('prb.evidence.service')}: ${c.evidence.serviceName}` : ''}
              {` · ${t('prb.evidence.similarity')}: ${Math.round(c.evidence.meanSimilarity * 100)}%`}
            </span>
            <span>
              {c.evidence.commonTerms.map((term) => (
                <Tag key={term}>{term}</Tag>
              ))}
            </span>
            <span>
              {c.incidents.map((i) => (
                <Link key={i.id} to={`/console/incidents/${i.id}`} style={{ marginRight: 8 }}>
                  {i.number}
                </Link>
              ))}
            </span>
          </Space>
        }
      />
    </List.Item>
  );
}
