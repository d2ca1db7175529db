import { BookOutlined } from '@ant-design/icons';
import { Card, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../../app/i18n';
import { useArticles } from '../api';
import { ArticleDrawer } from './ArticleDrawer';

/** 自助服务: requesters search the knowledge base before (or instead of) reporting. */
export function PortalKnowledgeSearch() {
  const t = useT();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const results = useArticles({ q: q || undefined });
  const items = q ? (results.data?.items ?? []) : [];
  return (
    <Card
      size="small"
      title={
        <span>
          <BookOutlined /> {t('kb.portal.title')}
        </span>
      }
      data-testid="portal-kb"
    >
      <Input.Search
        allowClear
        placeholder={t('kb.portal.placeholder')}
        onSearch={(value) => setQ(value.trim())}
        loading={results.isFetching && !!q}
      />
      {q && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={items}
          locale={{ emptyText: t('kb.suggest.none') }}
          renderItem={(article) => (
            <List.Item style={{ paddingInline: 0 }}>
              <List.Item.Meta
                title={<Typography.Link onClick={() => setOpen(article.id)}>{article.title}</Typography.Link>}
                description={article.excerpt}
              />
            </List.Item>
          )}
        />
      )}
      <ArticleDrawer articleId={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
