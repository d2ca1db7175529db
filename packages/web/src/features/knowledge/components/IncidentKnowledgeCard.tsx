import { BookOutlined } from '@ant-design/icons';
import { Card, Empty, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../../app/i18n';
import { useArticlesForRecord, useSuggestions } from '../api';
import { ArticleDrawer } from './ArticleDrawer';
import { ArticleStateTag } from './ArticleStateTag';

/** 知识库优先: articles that may solve this incident, and those already linked to it. */
export function IncidentKnowledgeCard({ incident }: { incident: { id: string; title: string; description: string } }) {
  const t = useT();
  const suggestions = useSuggestions(`${incident.title} ${incident.description}`.slice(0, 500));
  const linked = useArticlesForRecord(incident.id);
  const [open, setOpen] = useState<string | null>(null);
  const linkedIds = new Set((linked.data?.items ?? []).map((a) => a.id));
  const items = [...(linked.data?.items ?? []), ...(suggestions.data?.items ?? []).filter((a) => !linkedIds.has(a.id))];
  return (
    <Card
      size="small"
      title={
        <Space>
          <BookOutlined />
          {t('kb.suggest.agentTitle')}
        </Space>
      }
      data-testid="incident-kb"
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.suggest.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(article) => (
            <List.Item style={{ paddingInline: 0 }}>
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Typography.Link onClick={() => setOpen(article.id)} data-testid="kb-suggestion">
                      {article.title}
                    </Typography.Link>
                    {linkedIds.has(article.id) && (
                      <Typography.Text type="secondary">· {t('kb.linked')}</Typography.Text>
                    )}
                    {article.state !== 'published' && <ArticleStateTag state={article.state} />}
                  </Space>
                }
                description={
                  <>
                    {article.excerpt}{' '}
                    <Link to={`/console/knowledge/${encodeURIComponent(article.id)}`}>{article.number}</Link>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <ArticleDrawer articleId={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
