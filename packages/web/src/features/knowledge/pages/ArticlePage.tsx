import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { ARTICLE_ACTIONS, type ArticleAction } from '@trellis/core';
import { Button, Card, Col, Collapse, Descriptions, Input, List, Result, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useReportError } from '../../../app/errors';
import { useT } from '../../../app/i18n';
import { FullPageSpin } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { useArticle, useArticleMutations, useArticleVersions } from '../api';
import { FeedbackBox } from '../components/ArticleDrawer';
import { ArticleStateTag } from '../components/ArticleStateTag';
import { ArticleBody } from '../components/RichTextEditor';

const PRIMARY: ArticleAction[] = ['submit', 'approve'];

/** One article: content, review actions (审核), versions with diffs, links to records, feedback. */
export function ArticlePage() {
  const t = useT();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const query = useArticle(id);
  const { transition, link } = useArticleMutations();
  const versions = useArticleVersions(id, !!query.data && query.data.abilities.edit);
  const report = useReportError();
  const [target, setTarget] = useState('');
  usePageTitle(query.data?.number);

  if (query.isPending) return <FullPageSpin />;
  if (query.isError)
    return (
      <Result
        status="404"
        title={query.error.message}
        extra={
          <Link to="/console/knowledge">
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  const article = query.data;
  const actions = ARTICLE_ACTIONS.filter((a) => article.abilities[a]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="article-page">
      <Card>
        <Space direction="vertical" size="small" style={{ width: '100%' }}>
          <Link to="/console/knowledge">
            <ArrowLeftOutlined /> {t('kb.title')}
          </Link>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="article-number">
              {article.number}
            </Typography.Title>
            <ArticleStateTag state={article.state} />
            <Tag>
              {t(`article.audience.${article.audience}`)}
              {article.audienceGroup ? `: ${article.audienceGroup.name}` : ''}
            </Tag>
            {article.publishedVersion !== null && article.publishedVersion !== article.currentVersion && (
              <Tag color="gold">
                {t('kb.pendingVersion', { published: article.publishedVersion, current: article.currentVersion })}
              </Tag>
            )}
          </Space>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="article-title-view">
            {article.title}
          </Typography.Title>
          <Space wrap>
            {article.abilities.edit && (
              <Button
                icon={<EditOutlined />}
                onClick={() => navigate(`/console/knowledge/${encodeURIComponent(article.id)}/edit`)}
              >
                {t('common.edit')}
              </Button>
            )}
            {actions.map((action) => (
              <Button
                key={action}
                type={PRIMARY.includes(action) ? 'primary' : 'default'}
                danger={action === 'retire'}
                loading={transition.isPending && transition.variables?.action === action}
                data-testid={`article-${action}`}
                onClick={() => transition.mutate({ id: article.id, action }, { onError: report })}
              >
                {t(`article.action.${action}`)}
              </Button>
            ))}
          </Space>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <ArticleBody html={article.body} />
            </Card>
            <Card size="small">
              <FeedbackBox articleId={article.id} mine={article.myFeedback} />
            </Card>
            {article.abilities.edit && (
              <Card size="small" title={t('kb.versions')}>
                <Collapse
                  size="small"
                  items={(versions.data?.items ?? []).map((v) => ({
                    key: v.version,
                    label: (
                      <Space wrap>
                        <Typography.Text strong>v{v.version}</Typography.Text>
                        <span>{dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}</span>
                        <span>{v.author?.name}</span>
                        {v.note && <Typography.Text type="secondary">{v.note}</Typography.Text>}
                        {v.approvedBy && <Tag color="success">{t('kb.approvedBy', { name: v.approvedBy.name })}</Tag>}
                      </Space>
                    ),
                    children: (
                      <pre className="trellis-diff" style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 12 }}>
                        {v.diff.map(([op, line], i) => (
                          <div
                            // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed diff
                            key={i}
                            style={{ background: op === '+' ? '#e6ffed' : op === '-' ? '#ffeef0' : undefined }}
                          >
                            {op} {line}
                          </div>
                        ))}
                      </pre>
                    ),
                  }))}
                />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('kb.details')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('kb.category')}>{article.categoryName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('kb.tags')}>
                  {article.tags.map((tag) => (
                    <Tag key={tag}>{tag}</Tag>
                  ))}
                </Descriptions.Item>
                <Descriptions.Item label={t('kb.owner')}>{article.owner?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('kb.author')}>{article.author?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('kb.reviewDate')}>{article.reviewDate ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('kb.views')}>{article.viewCount}</Descriptions.Item>
                <Descriptions.Item label={t('kb.feedback.title')}>
                  👍 {article.usefulCount} · 👎 {article.notUsefulCount}
                </Descriptions.Item>
                {article.sourceRecord && (
                  <Descriptions.Item label={t('kb.source')}>
                    <Link
                      to={
                        article.sourceRecord.kind === 'problem'
                          ? `/console/problems/${article.sourceRecord.id}`
                          : `/console/incidents/${article.sourceRecord.id}`
                      }
                    >
                      {article.sourceRecord.number}
                    </Link>
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card size="small" title={t('kb.links')}>
              <List
                size="small"
                dataSource={article.links}
                locale={{ emptyText: t('kb.noLinks') }}
                renderItem={(r) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Link to={r.kind === 'problem' ? `/console/problems/${r.id}` : `/console/incidents/${r.id}`}>
                      {r.number}
                    </Link>{' '}
                    {r.title}
                  </List.Item>
                )}
              />
              {article.abilities.link && (
                <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                  <Input
                    placeholder={t('kb.linkPlaceholder')}
                    value={target}
                    onChange={(e) => setTarget(e.target.value)}
                  />
                  <Button
                    disabled={!target.trim()}
                    onClick={() =>
                      link.mutate(
                        { id: article.id, target: target.trim() },
                        { onSuccess: () => setTarget(''), onError: report },
                      )
                    }
                  >
                    {t('common.add')}
                  </Button>
                </Space.Compact>
              )}
            </Card>
            {article.feedback.length > 0 && (
              <Card size="small" title={t('kb.feedback.title')}>
                <List
                  size="small"
                  dataSource={article.feedback}
                  renderItem={(f) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      {f.useful ? '👍' : '👎'} {f.user.name}
                      {f.comment ? `: ${f.comment}` : ''}
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
