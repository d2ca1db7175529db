import { PlusOutlined } from '@ant-design/icons';
import type { ArticleState, ArticleSummary } from '@trellis/core';
import { Button, Card, Col, Input, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useT } from '../../../app/i18n';
import { useCan } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { useArticles, useKnowledgeStats, useReviewsDue } from '../api';
import { ArticleStateTag } from '../components/ArticleStateTag';

const TABS = ['published', 'in_review', 'draft', 'retired', 'review_due'] as const;
type Tab = (typeof TABS)[number];

/** 知识库: search (Chinese and English, ranked), states, and the reviews that fall due. */
export function KnowledgeListPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'published';
  const q = params.get('q') ?? '';
  usePageTitle(t('kb.title'));
  const manager = useCan('article.oversee');
  const list = useArticles({ q: q || undefined, state: tab === 'review_due' || q ? undefined : (tab as ArticleState) });
  const due = useReviewsDue();
  const stats = useKnowledgeStats(manager);
  const rows = tab === 'review_due' ? (due.data?.items ?? []) : (list.data?.items ?? []);

  const columns: ColumnsType<ArticleSummary> = [
    { title: t('kb.number'), dataIndex: 'number', width: 110 },
    {
      title: t('kb.titleField'),
      dataIndex: 'title',
      render: (title: string, a) => (
        <Space direction="vertical" size={0}>
          <Link to={`/console/knowledge/${encodeURIComponent(a.id)}`}>{title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.excerpt}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('kb.state'), dataIndex: 'state', width: 90, render: (s: ArticleState) => <ArticleStateTag state={s} /> },
    {
      title: t('kb.audience'),
      dataIndex: 'audience',
      width: 130,
      render: (a: string) => t(`article.audience.${a}` as 'article.audience.agents'),
    },
    {
      title: t('kb.tags'),
      dataIndex: 'tags',
      width: 160,
      render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    { title: t('kb.views'), dataIndex: 'viewCount', width: 70 },
    { title: t('kb.reviewDate'), dataIndex: 'reviewDate', width: 110 },
    {
      title: t('kb.updatedAt'),
      dataIndex: 'updatedAt',
      width: 140,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {manager && stats.data && (
        <Row gutter={[16, 16]} data-testid="kb-stats">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('kb.stats.published')} value={stats.data.articles.published} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('kb.stats.reviewsDue')} value={stats.data.reviewsDue} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('kb.stats.deflection')}
                value={stats.data.deflectionRate === null ? '—' : `${Math.round(stats.data.deflectionRate * 100)}%`}
                suffix={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('kb.stats.deflectionDetail', {
                      deflected: stats.data.deflected,
                      opened: stats.data.sessionsOpened,
                      shown: stats.data.sessionsShown,
                    })}
                  </Typography.Text>
                }
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('kb.stats.useful')}
                value={stats.data.usefulRate === null ? '—' : `${Math.round(stats.data.usefulRate * 100)}%`}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Card>
        <div
          className="trellis-page-title"
          style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}
        >
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('kb.title')}
          </Typography.Title>
          <Space wrap>
            <Input.Search
              allowClear
              defaultValue={q}
              placeholder={t('kb.searchPlaceholder')}
              style={{ width: 320 }}
              data-testid="kb-search"
              onSearch={(value) => {
                const next = new URLSearchParams(params);
                if (value.trim()) next.set('q', value.trim());
                else next.delete('q');
                setParams(next);
              }}
            />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/console/knowledge/new')}>
              {t('kb.new')}
            </Button>
          </Space>
        </div>
        {!q && (
          <Tabs
            activeKey={tab}
            onChange={(key) => setParams({ tab: key })}
            items={TABS.map((key) => ({
              key,
              label:
                key === 'review_due'
                  ? `${t('kb.tab.reviewDue')} (${due.data?.items.length ?? 0})`
                  : t(`article.state.${key}`),
            }))}
          />
        )}
        {q && <Typography.Paragraph type="secondary">{t('kb.searchResults', { q })}</Typography.Paragraph>}
        <Table<ArticleSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching || due.isFetching}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="kb-list"
        />
      </Card>
    </Space>
  );
}
