import { BulbOutlined } from '@ant-design/icons';
import { Alert, Form, List, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../../app/i18n';
import { recordSuggestionEvent, useSuggestions } from '../api';
import { ArticleDrawer } from './ArticleDrawer';

function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * 优先采用知识库中已验证的解决方案: while a requester describes a fault, articles that may solve it
 * appear; opening one without filing the report counts as a deflection.
 */
export function PortalSuggestions() {
  const t = useT();
  const form = Form.useFormInstance();
  const title: string = Form.useWatch('title', form) ?? '';
  const description: string = Form.useWatch('description', form) ?? '';
  const q = useDebounced(`${title} ${description}`.trim().slice(0, 500), 400);
  const { data } = useSuggestions(q);
  const items = q.length >= 2 ? (data?.items ?? []) : [];
  const [sessionId] = useState(() => crypto.randomUUID());
  const shown = useRef(new Set<string>());
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    const fresh = items.map((a) => a.id).filter((id) => !shown.current.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) shown.current.add(id);
    void recordSuggestionEvent(sessionId, 'shown', fresh);
  }, [items, sessionId]);

  if (items.length === 0) return null;
  return (
    <>
      <Alert
        type="info"
        showIcon
        icon={<BulbOutlined />}
        style={{ marginBottom: 16 }}
        message={t('kb.suggest.portalTitle')}
        description={
          <List
            size="small"
            data-testid="kb-suggestions"
            dataSource={items}
            renderItem={(article) => (
              <List.Item style={{ paddingInline: 0 }}>
                <List.Item.Meta
                  title={
                    <Typography.Link
                      onClick={() => {
                        setOpen(article.id);
                        void recordSuggestionEvent(sessionId, 'opened', [article.id]);
                      }}
                    >
                      {article.title}
                    </Typography.Link>
                  }
                  description={article.excerpt}
                />
              </List.Item>
            )}
          />
        }
      />
      <ArticleDrawer articleId={open} onClose={() => setOpen(null)} />
    </>
  );
}
